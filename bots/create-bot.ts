import { Bot } from 'grammy';
import { sequentialize } from '@grammyjs/runner';
import type { ResolvedBot } from '../services/bot-registry/index.js';
import type { BotDependencies, WarhornContext } from './context.js';
import { attachContext } from './middleware/context.js';
import { dedupeUpdates } from './middleware/dedupe.js';
import { registerUsers } from './middleware/users.js';
import { politeErrorHandler } from './middleware/errors.js';
import { startFeature } from './features/start.js';
import { groupMembershipFeature } from './features/group-membership.js';
import { settingsFeature } from './features/settings.js';
import { raidsFeature } from './features/raids.js';
import { linkXFeature } from './features/link-x.js';
import { countActivity } from './middleware/activity.js';
import { raidResultsFeature } from './features/raid-results.js';
import { leaderboardsFeature } from './features/leaderboards/index.js';
import { laneOf } from './update-lane.js';
import { stripNul } from './middleware/strip-nul.js';
import { unknownCommandFeature } from './features/unknown-command.js';
import { WarhornContextBase } from './warhorn-context.js';

/** Update types every bot asks Telegram for. `chat_member` must be named: Telegram leaves it out by default. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member'] as const;

/** One bot identity wired with the platform's middleware and features. The same code serves the main
 * bot and every white-label bot. `botInfo` is the registry's kept getMe answer, so handling an update
 * needs no round trip to Telegram and nothing is guessed. */
export function createBot(identity: ResolvedBot, deps: BotDependencies): Bot<WarhornContext> {
  const bot = new Bot<WarhornContext>(identity.token, {
    botInfo: identity.me,
    client: { apiRoot: identity.apiRoot },
    // The class carries what WarhornFlavor promises; conversations wrap it in their own flavour at run time.
    ContextConstructor: WarhornContextBase as unknown as new (...args: ConstructorParameters<typeof WarhornContextBase>) => WarhornContext,
  });
  bot.use(stripNul());
  // Updates arrive concurrently (webhook connections, long polling), so ordering comes first.
  bot.use(sequentialize(laneOf));
  bot.use(attachContext(deps));
  bot.use(dedupeUpdates({ updateEpoch: identity.updateEpoch }));
  const guarded = bot.errorBoundary(politeErrorHandler);
  guarded.use(registerUsers());
  guarded.use(countActivity());
  // Before startFeature: `/start linkx` (the deep link from a claim) must reach the linking flow.
  guarded.use(linkXFeature(deps));
  guarded.use(startFeature());
  guarded.use(groupMembershipFeature());
  guarded.use(settingsFeature());
  guarded.use(raidsFeature(deps));
  const validation = deps.validation;
  if (validation) guarded.use(raidResultsFeature(validation));
  // Without X there are no raid points, but the message-activity board still works (leaderboards' deps).
  guarded.use(leaderboardsFeature(deps.leaderboards));
  guarded.use(unknownCommandFeature());
  // Errors that escape the boundary (an outage, or a failure before it) reach the caller of handleUpdate:
  // the webhook route answers 500 so Telegram redelivers; long polling tries the update again.
  return bot;
}
