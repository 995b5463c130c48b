import { escapeHtml as esc } from '../html.js';
import { Composer } from 'grammy';
import { conversations, createConversation } from '@grammyjs/conversations';
import { RedisAdapter } from '@grammyjs/storage-redis';
import { parseRaidCommand } from '../../services/raids/index.js';
import type { DataSource } from 'typeorm';
import type { Raids } from '../../services/raids/index.js';
import type { Groups } from '../../services/groups/index.js';
import type { Notifications } from '../../services/notifications/index.js';
import type { Redis } from '../../services/platform/redis.js';
import type { WarhornContext } from '../context.js';
import { raidWizard } from './raid-wizard.js';
import { ADMINS_ONLY, CLAIM_DATA, launchRefused } from './raids/texts.js';

/** /raid, /endraid and the “I raided” button. */
export interface RaidsFeatureDeps {
  raids: Raids;
  groups: Pick<Groups, 'settings' | 'isAdmin'>;
  notifications: Pick<Notifications, 'enqueue'>;
  db: DataSource;
  redis: Redis;
  prefix: string;
}

export function raidsFeature(deps: RaidsFeatureDeps): Composer<WarhornContext> {
  const { raids } = deps;
  const feature = new Composer<WarhornContext>();
  // The /raid wizard reads only messages. Its state (in Redis, so any process can carry it on) is installed
  // for messages alone: button presses run outside the chat's sequence, and a press must not read and write
  // back a wizard's state while the admin is answering.
  const messages = feature.on('message');
  messages.use(
    conversations({
      storage: { type: 'key', prefix: `${deps.prefix}:conversation:`, adapter: new RedisAdapter({ instance: deps.redis, ttl: 15 * 60 }) },
    }),
  );
  messages.use(
    createConversation(
      raidWizard({
        raids,
        settings: (chatId) => deps.groups.settings(chatId),
        isAdmin: (chatId, userId) => deps.groups.isAdmin(chatId, userId),
        say: (botId, chatId, text) =>
          deps.notifications.enqueue(deps.db.manager, { botId, chatId, method: 'sendMessage', payload: { text, parse_mode: 'HTML' } }),
      }),
      'raid-wizard',
    ),
  );

  const groups = messages.chatType(['group', 'supergroup']);
  groups.command('raid', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: ADMINS_ONLY, replyTo });
    if (!ctx.match.trim()) return ctx.conversation.enter('raid-wizard');
    const settings = await ctx.deps.groups.settings(ctx.chat.id);
    const parsed = parseRaidCommand(ctx.msg.text, settings?.raid ?? undefined);
    if (!parsed.ok) return ctx.send({ text: `⚠️ ${esc(parsed.error)}\n\n${esc(parsed.usage)}`, replyTo });
    const result = await raids.launch({
      chatId: ctx.chat.id,
      botId: ctx.me.id,
      adminId: ctx.from.id,
      postId: parsed.postId,
      targets: parsed.targets,
      durationMinutes: parsed.durationMinutes,
      lock: parsed.lock,
      ...(parsed.pool ? { pool: parsed.pool } : {}),
    });
    if (!result.ok) return ctx.send({ text: launchRefused(result), replyTo });
  });

  groups.command('endraid', async (ctx) => {
    const replyTo = ctx.msg.message_id;
    if (!(await ctx.deps.groups.isAdmin(ctx.chat.id, ctx.from.id))) return ctx.send({ text: ADMINS_ONLY, replyTo });
    const active = await raids.active(ctx.chat.id);
    if (!active) return ctx.send({ text: 'No raid is running here.', replyTo });
    await raids.end(active.id, 'admin', ctx.from.id);
  });

  feature.callbackQuery(CLAIM_DATA, async (ctx) => {
    // The chat the button was pressed in (none for an inline message): the raid's own, or nothing is recorded.
    const result = await raids.claim(ctx.match[1]!, ctx.from.id, ctx.callbackQuery.message?.chat.id);
    switch (result.status) {
      case 'wrong_chat':
        return ctx.answerCallbackQuery({ text: 'This button belongs to a raid in another chat. Claim from the card in that raid’s group.', show_alert: true });
      case 'not_member':
        return ctx.answerCallbackQuery({ text: 'Only members of this group can claim its raids. Join the group, then press again.', show_alert: true });
      case 'recorded':
        return ctx.answerCallbackQuery({ text: '✅ Claim recorded. I check X after the raid; /myraid in private tells you the verdict.' });
      case 'already':
        return ctx.answerCallbackQuery({ text: 'You already claimed this raid. One claim per raid is enough.' });
      case 'closed':
        return ctx.answerCallbackQuery({ text: 'This raid is closed: validation has started.', show_alert: true });
      case 'unknown':
        return ctx.answerCallbackQuery({ text: 'I do not know this raid any more.' });
      case 'not_linked':
        // The answer opens a private chat with the bot on /start linkx; the message explains, in case it cannot.
        await ctx.send({ text: 'To claim raids, link your X account first: send /linkx here.', chatId: ctx.from.id }).catch(() => undefined);
        return ctx.answerCallbackQuery({ url: `https://t.me/${ctx.me.username}?start=linkx` });
    }
  });

  feature.chatType('private').command(['raid', 'endraid'], (ctx) => ctx.send({ text: 'Raids are launched inside a group, by its admins.' }));
  return feature;
}
