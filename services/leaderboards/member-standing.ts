// A member's points in each of their groups, for the week and all time: the same counts and the same week as
// the groups' boards (validation's accepted points, periodStart), seen from the member's side.
import type { ChatId, TelegramUserId } from '../platform/telegram-ids.js';
import type { LeaderboardsDeps } from './deps.js';
import { periodStart } from './ranking.js';

export interface MemberStanding {
  chatId: ChatId;
  points: { week: number; all: number };
}

/** Every group the member has a validated claim in, with their points there as of `at`. None without X. */
export async function memberStanding(deps: Pick<LeaderboardsDeps, 'points'>, telegramUserId: TelegramUserId, at: Date): Promise<MemberStanding[]> {
  if (!deps.points) return [];
  const since = periodStart('week', at);
  const rows = await deps.points.pointsOfMember(telegramUserId, since ? { since } : {});
  return rows.map((r) => ({ chatId: r.chatId, points: { week: r.pointsSince, all: r.points } }));
}
