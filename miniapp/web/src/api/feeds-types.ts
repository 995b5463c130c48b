// The X feeds routes' shapes (miniapp/api/v1/routes/group-feeds.ts, group-mentions.ts, group-auto-raid.ts):
// what a group follows on X, the mention terms it relays, and its auto-raid.
import type { IsoTime, RaidCounts } from './types';

export interface Follow {
  xUserId: string;
  username: string;
  name: string;
  /** The account's replies and reposts are forwarded too. */
  replies: boolean;
  reposts: boolean;
  since: IsoTime;
  lastPostAt: IsoTime | null;
  /** When Warhorn reads the account next, and its current interval between reads (adaptive). */
  nextPollAt: IsoTime;
  intervalMs: number;
  /** X refuses the account (protected, suspended). */
  unavailable: boolean;
}

export interface FollowRequest {
  /** `@name` or `name`. */
  handle: string;
  replies: boolean;
  reposts: boolean;
}

export type MentionKind = 'cashtag' | 'hashtag' | 'mention' | 'keyword' | 'phrase';

export interface MentionTerm {
  /** The query form (`$war`): what removing it takes. */
  term: string;
  kind: MentionKind;
  /** As the admin sees it (`$WAR`). */
  label: string;
  since: IsoTime;
}

export type OnNewer = 'wait' | 'replace';

export interface AutoRaid {
  xUserId: string;
  username: string;
  replies: boolean;
  onNewer: OnNewer;
  targets: RaidCounts;
  durationMinutes: number;
  lock: boolean;
  enabledBy: number;
  enabledAt: IsoTime;
}

/** PUT /groups/{chatId}/auto-raid: targets left out are 0; at least one above 0. */
export interface AutoRaidRequest {
  handle: string;
  targets: Partial<RaidCounts>;
  durationMinutes: number;
  lock: boolean;
  replies: boolean;
  onNewer: OnNewer;
}
