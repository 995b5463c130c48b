import { Context } from 'grammy';
import type { BotDependencies, OutgoingText } from './context.js';
import type { OutboxMessage } from '../services/notifications/index.js';
import type { Tx } from '../services/platform/database.js';
import type { Logger } from '../services/platform/logger.js';

const updateType = (ctx: Context) => Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';

/** The context every update gets (grammY's ContextConstructor): what WarhornFlavor promises, on the
 * prototype, so an update costs no closures and no logger it does not use. `deps` is set per bot by the
 * attachContext middleware. */
export class WarhornContextBase extends Context {
  deps!: BotDependencies;
  #log: Logger | undefined;

  /** A child logger carrying the bot, update and chat, made on first use: most updates never log, and a
   * pino child serialises its bindings when it is made. */
  get log(): Logger {
    return (this.#log ??= this.deps.log.child({ botId: this.me.id, updateId: this.update.update_id, type: updateType(this), chatId: this.chat?.id }));
  }

  set log(logger: Logger) {
    this.#log = logger;
  }

  /** Queues a message: in `tx` it commits with the change it reports; without, it is written together with
   * whatever other updates are queueing at the same moment, and committed before this resolves. */
  send(text: OutgoingText, tx?: Tx): Promise<string> {
    const chatId = text.chatId ?? this.chat?.id;
    if (chatId === undefined) throw new Error('send: this update has no chat');
    const message: OutboxMessage = {
      botId: this.me.id,
      chatId,
      method: 'sendMessage',
      payload: {
        text: text.text,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(text.replyTo ? { reply_parameters: { message_id: text.replyTo, allow_sending_without_reply: true } } : {}),
      },
    };
    return tx ? this.deps.notifications.enqueue(tx, message) : this.deps.notifications.enqueueNow(message);
  }
}
