import { Context } from 'grammy';
import type { Outbox, Outgoing } from './outgoing.js';
import { queueMessages } from './outgoing.js';
import type { Tx } from '../services/platform/database.js';
import type { Logger } from '../services/platform/logger.js';
import type { WarhornContext } from './context.js';
import { chatIdOf } from './ids.js';
import type { BotProfile } from '../services/bot-registry/index.js';

const updateType = (ctx: Context) => Object.keys(ctx.update).find((k) => k !== 'update_id') ?? 'unknown';

/** What a bot's contexts share: its logger and where messages are queued. Nothing else: features get
 * their services from their factories. */
export interface ContextEnv {
  log: Logger;
  outbox: Outbox;
}

/** The context every update gets: what WarhornFlavor promises, on the prototype, so an update costs no
 * closures and no logger it does not use. */
export abstract class WarhornContextBase extends Context {
  protected abstract get env(): ContextEnv;
  #log: Logger | undefined;
  // Set by the runtime right after construction (bots/create-bot.ts), before any middleware runs.
  bot!: BotProfile;
  updateEpoch: string | undefined;

  /** A child logger carrying the bot, update and chat, made on first use: most updates never log, and a
   * pino child serialises its bindings when it is made. */
  get log(): Logger {
    return (this.#log ??= this.env.log.child({ botId: this.me.id, updateId: this.update.update_id, type: updateType(this), chatId: this.chat?.id }));
  }

  set log(logger: Logger) {
    this.#log = logger;
  }

  send(message: Outgoing, tx?: Tx): Promise<string>;
  send(messages: readonly Outgoing[], tx?: Tx): Promise<string[]>;
  send(message: Outgoing | readonly Outgoing[], tx?: Tx): Promise<string | string[]> {
    const many = Array.isArray(message);
    const ids = queueMessages(this.env.outbox, this.me.id, this.chat && chatIdOf(this.chat), many ? (message as readonly Outgoing[]) : [message as Outgoing], tx);
    return many ? ids : ids.then((all) => all[0]!);
  }
}

type ContextClass = new (...args: ConstructorParameters<typeof Context>) => WarhornContext;

/** The ContextConstructor of one bot (grammY makes one context per update with it). */
export function warhornContext(env: ContextEnv): ContextClass {
  class BotContext extends WarhornContextBase {
    protected get env(): ContextEnv {
      return env;
    }
  }
  // The class carries what WarhornFlavor promises; conversations wrap it in their own flavour at run time.
  return BotContext as unknown as ContextClass;
}
