import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { Raids } from '../../../services/raids/index.js';
import type { Validation } from '../../../services/validation/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { appealButton, reviewButton } from './callback-data.js';
import {
  APPEAL_IN_PRIVATE, APPEAL_REFUSED, APPEAL_SENT, APPEAL_USAGE, BLACKLIST_USAGE, GROUP_ONLY, MYRAID_IN_PRIVATE, NO_OUTCOME, NO_VALIDATED_RAID,
  NOT_YOUR_RAID, appealHowTo, appealKeyboard, blacklistDone, canAppeal, decisionAnswer, myRaidText, reportCaption, reportSent,
} from './texts.js';
import { chatIdOf, privateChatWith, userIdOf } from '../../ids.js';

export interface RaidResultsFeatureDeps {
  validation: Pick<Validation, 'latestOutcomeOf' | 'outcomeFor' | 'selfReportOnly' | 'appeal' | 'latestValidatedRaid' | 'reportCsv' | 'decide'>;
  /** A raid's reward token, for /myraid. */
  raids: Pick<Raids, 'get'>;
  groups: Pick<Groups, 'isAdmin' | 'blacklistAdd' | 'blacklistRemove'>;
}

/**
 * After a raid is validated: /myraid and /appeal for members (private), /raidreport and /blacklist for
 * admins (group), and the admins' Accept/Reject buttons (reviewButton) under the review and appeal
 * messages. Built only when the deployment has X (no validation, no results).
 */
export function raidResultsFeature({ validation, raids, groups }: RaidResultsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  const dm = feature.chatType('private');
  const inGroups = feature.chatType(['group', 'supergroup']);
  const admins = adminsOnly(groups);

  dm.command('myraid', async (ctx) => {
    const o = await validation.latestOutcomeOf(userIdOf(ctx.from));
    if (!o) return ctx.send({ text: NO_OUTCOME });
    // The share is stored in the token's smallest unit; the token is on the raid.
    const token = o.reward !== null ? ((await raids.get(o.raidId))?.rewardPool?.token ?? null) : null;
    const text = myRaidText(o, token, await validation.selfReportOnly(o.raidId));
    return ctx.send({ text, ...(canAppeal(o) ? { buttons: appealKeyboard(o.raidId) } : {}) });
  });
  inGroups.command('myraid', (ctx) => ctx.send({ text: MYRAID_IN_PRIVATE, replyTo: ctx.msg.message_id }));

  feature.callbackQuery(appealButton.pattern, async (ctx) => {
    const { raidId } = appealButton.parse(ctx.match);
    const o = await validation.outcomeFor(raidId, userIdOf(ctx.from));
    if (!o) return ctx.answerCallbackQuery({ text: NOT_YOUR_RAID });
    if (!canAppeal(o)) return ctx.answerCallbackQuery({ text: o.verdict === 'rejected' ? APPEAL_REFUSED.already_appealed : APPEAL_REFUSED.not_rejected });
    await ctx.answerCallbackQuery();
    await ctx.send({ text: appealHowTo(raidId), chatId: privateChatWith(ctx.from) });
  });

  // `/appeal #42 reason` names the raid (what the Appeal button tells them to send); `/appeal reason` means
  // the latest raid, the one /myraid shows.
  dm.command('appeal', async (ctx) => {
    const m = /^(?:#(\d{1,19})\s+)?([\s\S]*)$/.exec(ctx.match.trim())!;
    const text = m[2]!.trim();
    if (!text) return ctx.send({ text: APPEAL_USAGE });
    const raidId = m[1] ?? (await validation.latestOutcomeOf(userIdOf(ctx.from)))?.raidId;
    if (!raidId) return ctx.send({ text: NO_OUTCOME });
    const result = await validation.appeal(raidId, userIdOf(ctx.from), text);
    await ctx.send({ text: result.ok ? APPEAL_SENT : APPEAL_REFUSED[result.reason] });
  });

  // In a group the appeal would show the member's reasons to everyone, and nobody would answer it.
  inGroups.command('appeal', (ctx) => ctx.send({ text: APPEAL_IN_PRIVATE, replyTo: ctx.msg.message_id }));

  inGroups.command('raidreport', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const raidId = await validation.latestValidatedRaid(chatIdOf(ctx.chat));
    const csv = raidId && (await validation.reportCsv(raidId));
    if (!raidId || !csv) return ctx.send({ text: NO_VALIDATED_RAID, replyTo });
    // In private: the report names members and their X accounts, which the group need not see. The file
    // and the note are queued together: the note never promises a file that was not queued.
    const caption = reportCaption(raidId, await validation.selfReportOnly(raidId));
    await ctx.send([
      { document: { filename: `raid-${raidId}.csv`, text: csv }, caption, chatId: privateChatWith(ctx.from) },
      { text: reportSent(raidId), replyTo },
    ]);
  });

  inGroups.command('blacklist', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    const m = /^(add|remove)\s+(@?\S+)$/i.exec(ctx.match.trim());
    if (!m) return ctx.send({ text: BLACKLIST_USAGE, replyTo });
    const add = m[1]!.toLowerCase() === 'add';
    // A bare number is a Telegram id; anything else is an X username (with or without @).
    const kind = /^\d+$/.test(m[2]!) ? 'telegram' : 'x';
    const change = add
      ? await groups.blacklistAdd(chatIdOf(ctx.chat), kind, m[2]!, userIdOf(ctx.from))
      : await groups.blacklistRemove(chatIdOf(ctx.chat), kind, m[2]!, userIdOf(ctx.from));
    await ctx.send({ text: change.ok ? blacklistDone(add, kind, change.value, change.changed) : BLACKLIST_USAGE, replyTo });
  });

  dm.command(['raidreport', 'blacklist'], (ctx) => ctx.send({ text: GROUP_ONLY }));

  feature.callbackQuery(reviewButton.pattern, async (ctx) => {
    const { raidId, memberId, decision } = reviewButton.parse(ctx.match);
    const o = await validation.outcomeFor(raidId, memberId);
    if (!o) return ctx.answerCallbackQuery({ text: decisionAnswer('not_found') });
    // Admin of the raid's group, whatever chat the button was pressed in: known once the outcome is.
    await adminsOnly(groups, () => o.chatId)(ctx, async () => {
      const result = await validation.decide(raidId, memberId, userIdOf(ctx.from), decision);
      await ctx.answerCallbackQuery({ text: decisionAnswer(result.ok ? decision : result.reason) });
    });
  });

  return feature;
}
