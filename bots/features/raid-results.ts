import { Composer } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Raids } from '../../services/raids/index.js';
import type { Validation } from '../../services/validation/index.js';
import type { WarhornContext } from '../context.js';
import {
  ADMINS_ONLY, APPEAL_IN_PRIVATE, APPEAL_REFUSED, APPEAL_SENT, APPEAL_USAGE, BLACKLIST_USAGE, GROUP_ONLY, MYRAID_IN_PRIVATE, NO_OUTCOME, NO_VALIDATED_RAID,
  NOT_YOUR_RAID, ONLY_ADMINS_DECIDE, appealHowTo, appealKeyboard, blacklistDone, canAppeal, decisionAnswer, myRaidText, reportCaption, reportSent,
} from './raid-results/texts.js';

/** A message with buttons, still through the outbox (ctx.send carries text only). */
function sendWithButtons(ctx: WarhornContext, chatId: number, text: string, keyboard: InlineKeyboardMarkup) {
  return ctx.deps.notifications.enqueue(ctx.deps.db.manager, {
    botId: ctx.me.id,
    chatId,
    method: 'sendMessage',
    payload: { text, parse_mode: 'HTML', link_preview_options: { is_disabled: true }, reply_markup: keyboard },
  });
}

/**
 * After a raid is validated: /myraid and /appeal for members (private), /raidreport and /blacklist for
 * admins (group), and the admins' Accept/Reject buttons (`rv:<raid>:<member>:a|r`) under the review and
 * appeal messages. `raids` looks up a raid's reward token for /myraid (default: the bot's own, ctx.deps.raids).
 */
export function raidResultsFeature(validation: Validation, raids?: Pick<Raids, 'get'>): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');
  const groups = feature.chatType(['group', 'supergroup']);

  dm.command('myraid', async (ctx) => {
    const o = await validation.latestOutcomeOf(ctx.from.id);
    if (!o) return ctx.send({ text: NO_OUTCOME });
    // The share is stored in the token's smallest unit; the token is on the raid (the bot's raids unless given).
    const token = o.reward !== null ? ((await (raids ?? ctx.deps.raids).get(o.raidId))?.rewardPool?.token ?? null) : null;
    const text = myRaidText(o, token, await validation.selfReportOnly(o.raidId));
    if (canAppeal(o)) return sendWithButtons(ctx, ctx.chat.id, text, appealKeyboard(o.raidId));
    return ctx.send({ text });
  });
  groups.command('myraid', (ctx) => ctx.send({ text: MYRAID_IN_PRIVATE, replyTo: ctx.msg.message_id }));

  feature.callbackQuery(/^ap:(\d{1,19})$/, async (ctx) => {
    const raidId = ctx.match[1]!;
    const o = await validation.outcomeFor(raidId, ctx.from.id);
    if (!o) return ctx.answerCallbackQuery({ text: NOT_YOUR_RAID });
    if (!canAppeal(o)) return ctx.answerCallbackQuery({ text: o.verdict === 'rejected' ? APPEAL_REFUSED.already_appealed : APPEAL_REFUSED.not_rejected });
    await ctx.answerCallbackQuery();
    await ctx.send({ text: appealHowTo(raidId), chatId: ctx.from.id });
  });

  // `/appeal #42 reason` names the raid (what the Appeal button tells them to send); `/appeal reason` means
  // the latest raid, the one /myraid shows.
  dm.command('appeal', async (ctx) => {
    const m = /^(?:#(\d{1,19})\s+)?([\s\S]*)$/.exec(ctx.match.trim())!;
    const text = m[2]!.trim();
    if (!text) return ctx.send({ text: APPEAL_USAGE });
    const raidId = m[1] ?? (await validation.latestOutcomeOf(ctx.from.id))?.raidId;
    if (!raidId) return ctx.send({ text: NO_OUTCOME });
    const result = await validation.appeal(raidId, ctx.from.id, text);
    await ctx.send({ text: result.ok ? APPEAL_SENT : APPEAL_REFUSED[result.reason] });
  });

  // In a group the appeal would show the member's reasons to everyone, and nobody would answer it.
  groups.command('appeal', (ctx) => ctx.send({ text: APPEAL_IN_PRIVATE, replyTo: ctx.msg.message_id }));

  groups.command('raidreport', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: ADMINS_ONLY, replyTo });
    const raidId = await validation.latestValidatedRaid(ctx.chat.id);
    const csv = raidId && (await validation.reportCsv(raidId));
    if (!raidId || !csv) return ctx.send({ text: NO_VALIDATED_RAID, replyTo });
    // In private: the report names members and their X accounts, which the group need not see.
    await ctx.deps.notifications.enqueue(ctx.deps.db.manager, {
      botId: ctx.me.id,
      chatId: ctx.from.id,
      method: 'sendDocument',
      payload: { document: { inline: { filename: `raid-${raidId}.csv`, text: csv } }, caption: reportCaption(raidId, await validation.selfReportOnly(raidId)) },
    });
    await ctx.send({ text: reportSent(raidId), replyTo });
  });

  groups.command('blacklist', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: ADMINS_ONLY, replyTo });
    const m = /^(add|remove)\s+(@?\S+)$/i.exec(ctx.match.trim());
    if (!m) return ctx.send({ text: BLACKLIST_USAGE, replyTo });
    const add = m[1]!.toLowerCase() === 'add';
    // A bare number is a Telegram id; anything else is an X username (with or without @).
    const kind = /^\d+$/.test(m[2]!) ? 'telegram' : 'x';
    const change = add
      ? await ctx.deps.groups.blacklistAdd(ctx.chat.id, kind, m[2]!, ctx.from.id)
      : await ctx.deps.groups.blacklistRemove(ctx.chat.id, kind, m[2]!, ctx.from.id);
    await ctx.send({ text: change.ok ? blacklistDone(add, kind, change.value, change.changed) : BLACKLIST_USAGE, replyTo });
  });

  dm.command(['raidreport', 'blacklist'], (ctx) => ctx.send({ text: GROUP_ONLY }));

  feature.callbackQuery(/^rv:(\d{1,19}):(\d{1,20}):([ar])$/, async (ctx) => {
    const [, raidId, member, choice] = ctx.match as RegExpMatchArray & [string, string, string, 'a' | 'r'];
    const o = await validation.outcomeFor(raidId, Number(member));
    if (!o) return ctx.answerCallbackQuery({ text: decisionAnswer('not_found') });
    // Admin of the raid's group, whatever chat the button was pressed in.
    if (!(await ctx.deps.groups.isAdmin(o.chatId, ctx.from.id))) return ctx.answerCallbackQuery({ text: ONLY_ADMINS_DECIDE, show_alert: true });
    const decision = choice === 'a' ? 'accept' : 'reject';
    const result = await validation.decide(raidId, Number(member), ctx.from.id, decision);
    await ctx.answerCallbackQuery({ text: decisionAnswer(result.ok ? decision : result.reason) });
  });

  return feature;
}
