import { Bot } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import type { ResolvedBot } from '../services/bot-registry/index.js';
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

/** Update types every bot asks Telegram for. `chat_member` must be named: Telegram leaves it out by default. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member'] as const;

/** One bot identity wired with the platform's middleware and features. The same code serves the main
 * bot and every white-label bot. `botInfo` is the registry's kept getMe answer, so handling an update
 * needs no round trip to Telegram and nothing is guessed. Each feature and middleware gets the services it
 * declares, nothing more; the context carries only the logger and `send`. */
export function createBot(identity: ResolvedBot, deps: BotDependencies): Bot<WarhornContext> {
  const { users, groups, raids, leaderboards, validation, metrics } = deps;
  const bot = new Bot<WarhornContext>(identity.token, {
    botInfo: identity.me,
    client: { apiRoot: identity.apiRoot },
    ContextConstructor: warhornContext({ log: deps.log, outbox: deps.notifications }),
  });
  bot.use(stripNul());
  // Updates arrive concurrently (webhook connections, long polling), so ordering comes first.
  bot.use(sequentialize(laneOf));
  bot.use(countUpdates(metrics));
  bot.use(dedupeUpdates({ redis: deps.redis, prefix: deps.prefix, metrics }, { updateEpoch: identity.updateEpoch }));
  const guarded = bot.errorBoundary(politeErrors(metrics));
  guarded.use(registerUsers(users));
  guarded.use(countActivity({ analytics: deps.analytics, metrics }));
  // Before startFeature: `/start linkx` (the deep link from a claim) and `/start linkwallet` must reach the
  // linking flows.
  guarded.use(linkXFeature({ users }));
  guarded.use(linkWalletFeature({ users }));
  guarded.use(startFeature({ miniApp: deps.miniApp }));
  guarded.use(groupMembershipFeature({ groups, wallet: deps.wallet, feeds: deps.feeds ?? null, kols: deps.kols ?? null }));
  guarded.use(settingsFeature({ groups, miniApp: deps.miniApp }));
  guarded.use(raidsFeature({ raids, groups, outbox: deps.notifications, redis: deps.redis, prefix: deps.prefix }));
  if (validation) guarded.use(raidResultsFeature({ validation, raids, groups }));
  // Without X there are no raid points, but the message-activity board still works (leaderboards' deps).
  guarded.use(leaderboardsFeature({ leaderboards, groups }));
  guarded.use(depositFeature({ wallet: deps.wallet, groups, chains: deps.chains }));
  guarded.use(balanceFeature({ money: deps.money, groups }));
  guarded.use(rewardsFeature({ money: deps.money }));
  guarded.use(feedsFeature({ feeds: deps.feeds ?? null, groups }));
  guarded.use(autoRaidsFeature({ feeds: deps.feeds ?? null, groups }));
  guarded.use(mentionsFeature({ feeds: deps.feeds ?? null, groups }));
  guarded.use(kolsFeature({ kols: deps.kols ?? null, groups }));
  guarded.use(withdrawFeature({ withdrawals: deps.withdrawals ?? null, users, redis: deps.redis, prefix: deps.prefix }));
  guarded.use(unknownCommandFeature());
  // Errors that escape the boundary (an outage, or a failure before it) reach the caller of handleUpdate:
  // the webhook route answers 500 so Telegram redelivers; long polling tries the update again.
  return bot;
}
