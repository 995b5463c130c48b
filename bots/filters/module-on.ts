import type { BotModule } from '../../services/bot-registry/index.js';
import type { WarhornContext } from '../context.js';

/** For `composer.filter(moduleOn('moderation'))`: a module's feature is installed once in the shared tree
 * and runs only for the bots that have it switched on (services/botgen, ctx.bot.modules). */
export const moduleOn =
  (module: BotModule) =>
  (ctx: WarhornContext): boolean =>
    ctx.bot.modules.includes(module);
