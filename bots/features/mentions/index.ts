import { Composer } from 'grammy';
import type { Groups } from '../../../services/groups/index.js';
import type { Feeds } from '../../../services/x-feeds/index.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { chatIdOf, userIdOf } from '../../ids.js';
import { MENTIONS_OFF, MENTIONS_USAGE, USE_IN_GROUP, termAnswer, termsList } from './texts.js';

export interface MentionsFeatureDeps {
  feeds: Pick<Feeds, 'addMentionTerm' | 'removeMentionTerm' | 'mentionTerms'> | null;
  groups: Pick<Groups, 'isAdmin' | 'settings'>;
}

/** `/mentions add|remove <term>`, `/mentions`: the X posts relayed into the group (admins). */
export function mentionsFeature({ feeds, groups }: MentionsFeatureDeps): Composer<WarhornContext> {
  const feature = new Composer<WarhornContext>();
  feature.chatType(['group', 'supergroup']).command('mentions', adminsOnly(groups), async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!feeds) return ctx.send({ text: MENTIONS_OFF, replyTo });
    const chatId = chatIdOf(ctx.chat);
    const m = /^(\S+)(?:\s+(.+))?$/s.exec(ctx.match.trim());
    if (!m) {
      const settings = await groups.settings(chatId);
      return ctx.send({ text: termsList(await feeds.mentionTerms(chatId), settings!.mentions), replyTo });
    }
    const verb = m[1]!.toLowerCase();
    if ((verb !== 'add' && verb !== 'remove') || !m[2]) return ctx.send({ text: MENTIONS_USAGE, replyTo });
    const g = { botId: ctx.me.id, chatId, actorId: userIdOf(ctx.from) };
    const r = verb === 'add' ? await feeds.addMentionTerm(g, m[2]) : await feeds.removeMentionTerm(g, m[2]);
    await ctx.send({ text: termAnswer(r, verb), replyTo });
  });
  feature.chatType('private').command('mentions', (ctx) => ctx.send({ text: USE_IN_GROUP }));
  return feature;
}
