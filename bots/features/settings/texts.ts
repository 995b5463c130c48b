// Words of the settings feature: the settings card an admin sees and the /set answers (Telegram HTML).
import { escapeHtml as esc } from '../../html.js';
import { durationValue as duration, formatSettingValue, SETTING_KEYS, type GroupSettings } from '../../../services/groups/index.js';

/** The link that opens this group's view in the Mini App. */
export const OPEN_DASHBOARD = '📊 Open dashboard';

/** The settings card an admin sees (Telegram HTML). */
export function renderSettings(title: string, s: GroupSettings): string {
  return [
    `<b>Settings of ${esc(title)}</b>`,
    '',
    `<b>Raids</b>: ${duration(s.raid.durationMinutes)} by default, chat lock ${s.raid.lock ? 'on' : 'off'}`,
    `<b>Points</b>: reply ${s.points.reply}, repost ${s.points.repost}, quote ${s.points.quote}, like ${s.points.like}, unverifiable ${s.points.selfReport} (${s.points.selfReportAlone ? 'also on self-report alone, once an admin accepts' : 'only next to a verified action'})`,
    `<b>Anti-fraud</b>: X account at least ${s.antifraud.minAccountAgeDays} days old, ${s.antifraud.minFollowers}+ followers, replies of ${s.antifraud.minReplyLength}+ characters, at most ${s.antifraud.maxClaimsPerHour} claims an hour; claims X verifies nothing of are ${s.antifraud.selfReportOnly === 'flag' ? 'flagged for admins' : 'rejected'}`,
    `<b>Rewards</b>: split ${s.rewards.split.replace('_', ' ')}${s.rewards.split === 'top_n' ? ` (top ${s.rewards.topN})` : ''}, token ${s.rewards.token ? esc(s.rewards.token) : 'not set'}`,
    `<b>X feeds</b>: at most $${(s.feeds.dailyCapCents / 100).toFixed(2)} of X reads a day`,
    '',
    'Change one with <code>/set &lt;key&gt; &lt;value&gt;</code>, e.g. <code>/set raid.duration 45m</code>.',
  ].join('\n');
}

export function setUsage(error?: string): string {
  const keys = Object.entries(SETTING_KEYS).map(([key, spec]) => `<code>${key}</code> — ${esc(spec.help)}`);
  return [
    ...(error ? [`⚠️ ${esc(error)}.`, ''] : []),
    'Usage: <code>/set &lt;key&gt; &lt;value&gt;</code>',
    'Keys:',
    ...keys,
  ].join('\n');
}

export const settingChanged = (key: string, value: unknown) => `✅ <code>${key}</code> is now <b>${esc(formatSettingValue(key, value))}</b>.`;
export const NOT_REGISTERED = 'I am setting this group up now; please try again in a moment.';
