import { BotError, Composer, type Api } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import { sequentialize } from '@grammyjs/runner';
import { BotNotServedError, UnknownBotError, type BotProfile, type BotRegistry, type ResolvedBot } from '../services/bot-registry/index.js';
import type { BotDependencies, WarhornContext } from './context.js';
import { countUpdates } from './middleware/update-metrics.js';
import { dedupeUpdates } from './middleware/dedupe.js';
import { registerUsers } from './middleware/users.js';
import { politeErrors } from './middleware/errors.js';
import { startFeature } from './features/start/index.js';
import { groupMembershipFeature } from './features/group-membership/index.js';
import { settingsFeature } from './features/settings/index.js';
import { raidsFeature } from './features/raids/index.js';
import { linkXFeature } from './features/link-x/index.js';
import { linkWalletFeature } from './features/link-wallet/index.js';
import { countActivity } from './middleware/activity.js';
import { raidResultsFeature } from './features/raid-results/index.js';
import { leaderboardsFeature } from './features/leaderboards/index.js';
import { depositFeature } from './features/deposit/index.js';
import { balanceFeature } from './features/balance/index.js';
import { rewardsFeature } from './features/rewards/index.js';
import { feedsFeature } from './features/feeds/index.js';
import { autoRaidsFeature } from './features/auto-raids/index.js';
import { mentionsFeature } from './features/mentions/index.js';
import { kolsFeature } from './features/kols/index.js';
import { withdrawFeature } from './features/withdraw/index.js';
import { laneOf } from './update-lane.js';
import { stripNul } from './middleware/strip-nul.js';
import { unknownCommandFeature } from './features/unknown-command/index.js';
import { warhornContext } from './warhorn-context.js';
import { whitelabelFeature } from './features/whitelabel/index.js';
import { moduleOn } from './filters/module-on.js';

/** Update types every bot asks Telegram for. `chat_member` must be named: Telegram leaves it out by default. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member'] as const;

/** A bot as long polling drives it: its client, its kept getMe answer, and the shared tree for its updates. */
export interface PollableBot {
  api: Api;
  botInfo: UserFromGetMe;
  handleUpdate(update: Update): Promise<void>;
}

/** Every bot of the deployment, served by one middleware tree. */
export interface BotRuntime {
  /** Runs an update of `botId` through the tree as that bot. Throws UnknownBotError / BotNotServedError for
   * a bot not served, and (wrapped in grammY's BotError) what escaped the error boundary: an outage. */
  handleUpdate(botId: number, update: Update): Promise<void>;
  /** The bot as long polling needs it. */
  pollable(botId: number): Promise<PollableBot>;
}

const profileOf = (bot: ResolvedBot): BotProfile => {
  // Handlers see everything about their bot but its secrets.
  const { token: _token, webhookSecret: _secret, apiRoot: _root, updateEpoch: _epoch, ...profile } = bot;
  return profile;
};

/** The platform's middleware and features, built ONCE for the main bot and every white-label bot: the bot an
 * update belongs to is resolved per update (its id from the webhook path or the polling loop), its API client
 * comes from the registry's bounded cache, and `botInfo` is the registry's kept getMe answer, so a bot costs a
 * cache entry, not a tree of closures, and handling its first update needs no round trip to Telegram.
 * Modules (services/botgen) are installed here once and run only for bots that have them (ctx.bot.modules).
 * Each feature and middleware gets the services it declares, nothing more; the context carries only the
 * logger, `send` and the bot's profile. */
export function createBotRuntime(registry: Pick<BotRegistry, 'resolve' | 'api'>, deps: BotDependencies): BotRuntime {
  const { users, groups, raids, leaderboards, validation, metrics } = deps;
  const Context = warhornContext({ log: deps.log, outbox: deps.notifications });
  const bot = new Composer<WarhornContext>();
  bot.use(stripNul());
  // Updates arrive concurrently (webhook connections, long polling), so ordering comes first.
  bot.use(sequentialize(laneOf));
  bot.use(countUpdates(metrics));
  bot.use(dedupeUpdates({ redis: deps.redis, prefix: deps.prefix, metrics }));
  const guarded = bot.errorBoundary(politeErrors(metrics));
  guarded.use(registerUsers(users));
  guarded.use(countActivity({ analytics: deps.analytics, metrics }));
  // Before startFeature: `/start linkx` (the deep link from a claim) and `/start linkwallet` must reach the
  // linking flows.
  guarded.use(linkXFeature({ users }));
  guarded.use(linkWalletFeature({ users }));
  if (deps.whitelabel) guarded.use(whitelabelFeature({ whitelabel: deps.whitelabel, miniApp: deps.miniApp }));
  guarded.use(startFeature({ miniApp: deps.miniApp }));
  guarded.use(groupMembershipFeature({ groups, wallet: deps.wallet, feeds: deps.feeds ?? null, kols: deps.kols ?? null }));
  guarded.use(settingsFeature({ groups, miniApp: deps.miniApp }));
  // The raids module: every bot has it unless its owner built it without (a moderation-only bot).
  const raiding = guarded.filter(moduleOn('raids'));
  raiding.use(raidsFeature({ raids, groups, outbox: deps.notifications, redis: deps.redis, prefix: deps.prefix }));
  if (validation) raiding.use(raidResultsFeature({ validation, raids, groups }));
  // Without X there are no raid points, but the message-activity board still works (leaderboards' deps).
  guarded.use(leaderboardsFeature({ leaderboards, groups }));
  guarded.use(depositFeature({ wallet: deps.wallet, groups, chains: deps.chains }));
  guarded.use(balanceFeature({ money: deps.money, groups }));
  guarded.use(rewardsFeature({ money: deps.money }));
  guarded.use(feedsFeature({ feeds: deps.feeds ?? null, groups }));
  raiding.use(autoRaidsFeature({ feeds: deps.feeds ?? null, groups }));
  guarded.use(mentionsFeature({ feeds: deps.feeds ?? null, groups }));
  guarded.use(kolsFeature({ kols: deps.kols ?? null, groups }));
  guarded.use(withdrawFeature({ withdrawals: deps.withdrawals ?? null, users, redis: deps.redis, prefix: deps.prefix }));
  guarded.use(unknownCommandFeature());
  const run = bot.middleware();

  async function served(botId: number): Promise<ResolvedBot> {
    const found = await registry.resolve(botId);
    if (!found) throw new UnknownBotError(botId);
    if (found.status !== 'active') throw new BotNotServedError(botId, found.status);
    return found;
  }

  async function handle(identity: ResolvedBot, api: Api, update: Update): Promise<void> {
    const ctx = new Context(update, api, identity.me);
    ctx.bot = profileOf(identity);
    ctx.updateEpoch = identity.updateEpoch;
    try {
      await run(ctx, async () => undefined);
    } catch (error) {
      // Errors that escape the boundary (an outage, or a failure before it) reach the caller: the webhook
      // route answers 500 so Telegram redelivers; long polling tries the update again.
      throw error instanceof BotError ? error : new BotError(error, ctx);
    }
  }

  return {
    async handleUpdate(botId, update) {
      const identity = await served(botId);
      await handle(identity, await registry.api(botId), update);
    },
    async pollable(botId) {
      const identity = await served(botId);
      const api = await registry.api(botId);
      // Each update as the bot is now: a branding or module change applies without reconnecting.
      return { api, botInfo: identity.me, handleUpdate: async (update) => handle(await served(botId), await registry.api(botId), update) };
    },
  };
}
