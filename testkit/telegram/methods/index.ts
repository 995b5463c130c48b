import { botMethods } from './bot.js';
import { chatMethods } from './chats.js';
import type { Handler } from './common.js';
import { messageMethods } from './messages.js';

export { Described, type Handler } from './common.js';

/** Every emulated method, keyed by lower-case name (Telegram matches method names case-insensitively). */
export const METHODS: ReadonlyMap<string, [string, Handler]> = new Map(
  Object.entries({ ...botMethods, ...chatMethods, ...messageMethods }).map(([name, h]) => [name.toLowerCase(), [name, h]]),
);
