import type { Context } from 'grammy';

/** The key whose updates must run one after the other. Updates of one chat run in order (a promotion
 * before the demotion that follows it, a wizard's answers); chats run in parallel. Button presses only need
 * order per person: a thousand members pressing "I raided" in one group must not queue behind each other.
 * The same key orders updates in the bot's middleware (webhooks) and in long polling's retry lanes. */
export function laneOf(ctx: Context): string | undefined {
  // One tree serves every bot: a person's private chat has the same id with each bot they talk to.
  const of = ctx.callbackQuery ? `press:${ctx.from?.id}` : ctx.chat?.id.toString();
  return of === undefined ? undefined : `${ctx.me.id}:${of}`;
}
