import { Composer } from 'grammy';
import { conversations, createConversation } from '@grammyjs/conversations';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { parseRaidCommand } from '../../../services/raids/index.js';
import type { Raids } from '../../../services/raids/index.js';
import type { Groups } from '../../../services/groups/index.js';
import type { Redis } from '../../../services/platform/redis.js';
import type { WarhornContext } from '../../context.js';
import { adminsOnly } from '../../filters/admins-only.js';
import { queueMessages, type Outbox } from '../../outgoing.js';
import { raidWizard } from './wizard.js';
import { claimButton } from './callback-data.js';
import { CANCEL_USAGE, CLAIM_ANSWERS, LINK_X_TO_CLAIM, NO_RAID_RUNNING, RAIDS_IN_GROUPS, cancelRefused, launchRefused, raidCommandInvalid } from './texts.js';
import { chatIdOf, privateChatWith, userIdOf } from '../../ids.js';

/** /raid, /raid cancel, /endraid and the “I raided” button. */
export interface RaidsFeatureDeps {
  raids: Pick<Raids, 'launch' | 'active' | 'end' | 'claim' | 'cancel' | 'get'>;
  groups: Pick<Groups, 'settings' | 'isAdmin'>;
  /** Where the wizard's questions are queued: a conversation's context has no `send`. */
  outbox: Outbox;
  /** The wizard's state. */
  redis: Redis;
  prefix: string;
}

export function raidsFeature(deps: RaidsFeatureDeps): Composer<WarhornContext> {
  const { raids, groups } = deps;
  const feature = new Composer<WarhornContext>();
  const admins = adminsOnly(groups);
  // The /raid wizard reads only messages. Its state (in Redis, so any process can carry it on) is installed
  // for messages alone: button presses run outside the chat's sequence, and a press must not read and write
  // back a wizard's state while the admin is answering.
  const messages = feature.on('message');
  messages.use(
    conversations({
      // Per bot and chat: one middleware tree serves every bot, and a chat id (a person's private chat) is the
      // same with each of them.
      storage: {
        type: 'key',
        prefix: `${deps.prefix}:conversation:`,
        getStorageKey: (ctx) => (ctx.chatId === undefined ? undefined : `${ctx.me.id}:${ctx.chatId}`),
        adapter: new RedisAdapter({ instance: deps.redis, ttl: 15 * 60 }),
      },
    }),
  );
  messages.use(
    createConversation(
      raidWizard({
        raids,
        settings: (chatId) => groups.settings(chatId),
        isAdmin: (chatId, userId) => groups.isAdmin(chatId, userId),
        say: (botId, chatId, text) => queueMessages(deps.outbox, botId, chatId, [{ text }]),
      }),
      'raid-wizard',
    ),
  );

  const inGroups = messages.chatType(['group', 'supergroup']);
  inGroups.command('raid', admins, async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!ctx.match.trim()) return ctx.conversation.enter('raid-wizard');
    const [first, ...rest] = ctx.match.trim().split(/\s+/);
    if (first!.toLowerCase() === 'cancel') {
      // `/raid cancel` cancels the group's running raid; `/raid cancel 42` names it (it must be this group's).
      if (rest.length > 1 || (rest[0] !== undefined && !/^\d{1,18}$/.test(rest[0]))) return ctx.send({ text: CANCEL_USAGE, replyTo });
      const chat = chatIdOf(ctx.chat);
      const raid = rest[0] !== undefined ? await raids.get(rest[0]) : await raids.active(chat);
      if (!raid || raid.chatId !== chat) return ctx.send({ text: rest[0] !== undefined ? cancelRefused('unknown', rest[0]) : NO_RAID_RUNNING, replyTo });
      const cancelled = await raids.cancel(raid.id, userIdOf(ctx.from));
      // Cancelled: the service tells the group (the card and a message saying where the pool went).
      if (cancelled.status !== 'cancelled') return ctx.send({ text: cancelRefused(cancelled.status, raid.id), replyTo });
      return;
    }
    const settings = await groups.settings(chatIdOf(ctx.chat));
    const parsed = parseRaidCommand(ctx.msg.text, settings?.raid ?? undefined);
    if (!parsed.ok) return ctx.send({ text: raidCommandInvalid(parsed.refusal), replyTo });
    const result = await raids.launch({
      chatId: chatIdOf(ctx.chat),
      botId: ctx.me.id,
      adminId: userIdOf(ctx.from),
      postId: parsed.postId,
      targets: parsed.targets,
      durationMinutes: parsed.durationMinutes,
      lock: parsed.lock,
      ...(parsed.pool ? { pool: parsed.pool } : {}),
    });
    if (!result.ok) return ctx.send({ text: launchRefused(result), replyTo });
  });

  inGroups.command('endraid', admins, async (ctx) => {
    const active = await raids.active(chatIdOf(ctx.chat));
    if (!active) return ctx.send({ text: NO_RAID_RUNNING, replyTo: ctx.msg.message_id });
    await raids.end(active.id, 'admin', userIdOf(ctx.from));
  });

  feature.callbackQuery(claimButton.pattern, async (ctx) => {
    const { raidId } = claimButton.parse(ctx.match);
    // The chat the button was pressed in (none for an inline message): the raid's own, or nothing is recorded.
    const result = await raids.claim(raidId, userIdOf(ctx.from), ctx.callbackQuery.message && chatIdOf(ctx.callbackQuery.message.chat));
    if (result.status === 'not_linked') {
      // The answer opens a private chat with the bot on /start linkx; the message explains, in case it cannot.
      await ctx.send({ text: LINK_X_TO_CLAIM, chatId: privateChatWith(ctx.from) }).catch(() => undefined);
      return ctx.answerCallbackQuery({ url: `https://t.me/${ctx.me.username}?start=linkx` });
    }
    const answer = CLAIM_ANSWERS[result.status];
    return ctx.answerCallbackQuery({ text: answer.text, ...(answer.alert ? { show_alert: true } : {}) });
  });

  feature.chatType('private').command(['raid', 'endraid'], (ctx) => ctx.send({ text: RAIDS_IN_GROUPS }));
  return feature;
}
