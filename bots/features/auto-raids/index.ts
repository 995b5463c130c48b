import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { Feeds } from '../../../services/x-feeds/index.js';
import { parseRaidCommand } from '../../../services/raids/index.js';
import { XRateLimitedError, XUnavailableError } from '../../../services/x/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { chatIdOf, userIdOf } from '../../ids.js';
import { X_UNAVAILABLE } from '../feeds/texts.js';
import { AUTORAID_OFF, AUTORAID_UNAVAILABLE, AUTORAID_WAS_OFF, USE_IN_GROUP, autoRaidAnswer, autoRaidInvalid, autoRaidStatus } from './texts.js';

export interface AutoRaidsFeatureDeps {
  feeds: Pick<Feeds, 'enableAutoRaid' | 'disableAutoRaid' | 'autoRaid'> | null;
  groups: Pick<Groups, 'isAdmin' | 'settings'>;
}

// The raid options are /raid's own rules (targets, for=, lock), read by its parser behind a stand-in link;
// the two bare words that belong to auto-raids are taken out first.
const STAND_IN_POST = 'https://x.com/i/status/1';

/** `/autoraid @account targets… [replies] [replace]`, `/autoraid off`, `/autoraid` (status): admins. */
export function autoRaidsFeature({ feeds, groups }: AutoRaidsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.chatType(['group', 'supergroup']).command('autoraid', adminsOnly(groups), async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!feeds) return ctx.send({ text: AUTORAID_UNAVAILABLE, replyTo });
    const chatId = chatIdOf(ctx.chat);
    const actorId = userIdOf(ctx.from);
    const [first, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
    if (!first) return ctx.send({ text: autoRaidStatus(await feeds.autoRaid(chatId)), replyTo });
    if (/^off$/i.test(first)) return ctx.send({ text: (await feeds.disableAutoRaid({ chatId, actorId })) ? AUTORAID_OFF : AUTORAID_WAS_OFF, replyTo });
    const replies = rest.some((w) => /^replies$/i.test(w));
    const replace = rest.some((w) => /^replace$/i.test(w));
    const options = rest.filter((w) => !/^(replies|replace)$/i.test(w));
    const settings = await groups.settings(chatId);
    const parsed = parseRaidCommand(`${STAND_IN_POST} ${options.join(' ')}`, { durationMinutes: settings?.raid.durationMinutes ?? 30, lock: settings?.raid.lock ?? false });
    if (!parsed.ok) return ctx.send({ text: autoRaidInvalid(parsed.refusal), replyTo });
    try {
      const r = await feeds.enableAutoRaid({ botId: ctx.me.id, chatId, actorId }, { handle: first, replies, onNewer: replace ? 'replace' : 'wait', targets: parsed.targets, durationMinutes: parsed.durationMinutes, lock: parsed.lock });
      await ctx.send({ text: autoRaidAnswer(r, first), replyTo });
    } catch (error) {
      if (error instanceof XUnavailableError || error instanceof XRateLimitedError) return ctx.send({ text: X_UNAVAILABLE, replyTo });
      throw error;
    }
  });
  feature.chatType('private').command('autoraid', (ctx) => ctx.send({ text: USE_IN_GROUP }));
  return feature;
}
