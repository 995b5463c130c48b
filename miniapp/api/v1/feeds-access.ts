import { z } from 'zod';
import { X_HANDLE } from '../../../services/x-feeds/index.js';
import { XRateLimitedError, XUnavailableError } from '../../../services/x/index.js';
import type { ChatId } from '../../../services/platform/telegram-ids.js';
import type { MiniAppApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { errorBody, errorResponses } from './schemas.js';

// What the X feeds routes (follows, mentions, auto-raid) share: the service or 503 when the deployment has
// no X, X's outages as 503, the handle rule, and the bot a group's feeds speak through.

/** Without X the deployment has no feeds. Called after the admin check: a caller who is not an admin of the
 * group is refused the same way whatever the deployment has. */
export function feedsOf(deps: MiniAppApiDeps): NonNullable<MiniAppApiDeps['feeds']> {
  if (!deps.feeds) throw new ApiError(503, 'feeds_off', 'X feeds are not available on this deployment: the operator has not configured X');
  return deps.feeds;
}

/** X did not answer (down, or our rate budget spent): trying again later may work, so a 503, not a 4xx. */
export async function askingX<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof XUnavailableError || error instanceof XRateLimitedError) {
      throw new ApiError(503, 'x_unavailable', 'X is not answering right now; try again in a minute');
    }
    throw error;
  }
}

/** An X handle as /follow takes it (`@name` or `name`): checked here so a bad one is a 400 naming its field
 * and costs no request to X. */
export const xHandle = z.string().max(40).refine((s) => X_HANDLE.test(s.trim()), 'must be an X handle: 1-15 letters, digits or _');
export const bareHandle = (s: string) => s.trim().replace(/^@/, '');

/** The feeds routes' answers: the shared errors and 503 (feeds_off, x_unavailable). */
export const feedsErrors = { ...errorResponses, 503: errorBody } as const;

/** The group's own bot forwards posts and opens raids, whichever bot opened the app (as a raid's card). */
export async function groupBotOf(deps: Pick<MiniAppApiDeps, 'groups'>, chatId: ChatId): Promise<number> {
  // Only called after an admin check, which found the group active.
  return (await deps.groups.get(chatId))!.botId;
}
