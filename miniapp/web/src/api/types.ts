// The responses of /api/v1 as docs/mini-app-api.md describes them. Telegram ids are numbers, raid and X ids
// strings, times ISO strings, money { amount, decimals, token } with the amount in the smallest unit.
// Where the contract names a field but not its shape, the shape here is a guess marked "GUESS:", to align
// with the route schemas (served at /api/docs/json) once the backend has them.

export type IsoTime = string;

export interface Money {
  amount: string;
  decimals: number;
  token: string;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** A page of a cursor-paged list: `nextCursor` is null on the last page. */
export interface Page<T> {
  // GUESS: the list's key; the contract names only `nextCursor`.
  items: T[];
  nextCursor: string | null;
}

export type RaidAction = 'replies' | 'reposts' | 'likes' | 'quotes' | 'bookmarks';
export const RAID_ACTIONS: readonly RaidAction[] = ['replies', 'reposts', 'likes', 'quotes', 'bookmarks'];
export type RaidCounts = Record<RaidAction, number>;

export type RaidStatus = 'active' | 'ended' | 'validated';
export type EndReason = 'targets' | 'time' | 'admin';

// --- me -----------------------------------------------------------------------------------------------

export interface LinkedX {
  username: string;
  userId: string;
  method: 'oauth' | 'bio';
  linkedAt: IsoTime;
}

export interface MyGroup {
  chatId: number;
  title: string;
  isAdmin: boolean;
  points: { week: number; all: number };
}

export interface Me {
  // GUESS: the profile's fields.
  user: { id: number; firstName: string; lastName?: string; username?: string; languageCode?: string };
  x: LinkedX | null;
  groups: MyGroup[];
}

export interface Notifications {
  raidStarted: boolean;
  verdicts: boolean;
  rewards: boolean;
  groupNews: boolean;
}

export interface MyX {
  account: LinkedX | null;
  pendingBio: { username: string; code: string; expiresAt: IsoTime } | null;
  oauthAvailable: boolean;
}

export interface OAuthStart {
  url: string;
  expiresAt: IsoTime;
}

/** The answer to `POST /me/x/bio/check`. GUESS: as /linkx's check says it. */
export interface BioCheck {
  linked: boolean;
  account: LinkedX | null;
  /** Why not yet (code missing from the bio, expired...), in words. */
  message?: string;
}

export type Verdict = 'accepted' | 'flagged' | 'rejected';
export type ActionStatus = 'verified' | 'not_found' | 'unverifiable';
export type JudgedAction = 'reply' | 'repost' | 'like' | 'quote' | 'bookmark';

export interface ActionJudgement {
  action: JudgedAction;
  status: ActionStatus;
  requested: boolean;
  /** Why this status, in words an admin can read. */
  note: string;
  // GUESS: the evidence as validation keeps it (services/validation/types.ts Evidence).
  evidence: Array<{ source: string; postId?: string; at?: IsoTime; text?: string }>;
}

export interface MyVerdict {
  raidId: string;
  chatId: number;
  groupTitle: string;
  postUrl: string;
  verdict: Verdict | 'pending';
  reasons: string[];
  actions: ActionJudgement[];
  points: number;
  // GUESS: the appeal's states.
  appeal: { allowed: boolean; state: 'none' | 'open' | 'accepted' | 'rejected' };
  decidedAt: IsoTime | null;
}

// --- groups -------------------------------------------------------------------------------------------

export interface RaidSummary {
  id: string;
  chatId: number;
  postUrl: string;
  authorUsername: string | null;
  status: RaidStatus;
  targets: RaidCounts;
  progress: RaidCounts;
  startedAt: IsoTime;
  endsAt: IsoTime;
  endedAt: IsoTime | null;
  claimCount: number;
}

export interface AdminGroup {
  chatId: number;
  title: string;
  activeRaid: RaidSummary | null;
}

export interface TopMember {
  userId: number;
  name: string;
  points: number;
}

export interface GroupDashboard {
  group: { chatId: number; title: string; memberCount?: number };
  activeRaid: RaidSummary | null;
  recentRaids: RaidSummary[];
  topMembers: TopMember[];
}

export type SettingSection = 'raid' | 'points' | 'antifraud' | 'rewards';
export type SettingKind = 'int' | 'bool' | 'duration' | 'enum' | 'token';
/** A setting's value as stored: minutes for durations, null for "no token". */
export type SettingValue = number | boolean | string | null;

export interface Setting {
  key: string;
  value: SettingValue;
  kind: SettingKind;
  section: SettingSection;
  help: string;
  // GUESS: bounds as min/max of the stored value (minutes for durations).
  min?: number;
  max?: number;
  options?: string[];
}

export interface Settings {
  settings: Setting[];
}

export interface LaunchRaid {
  postUrl: string;
  targets: Partial<RaidCounts>;
  durationMinutes?: number;
  lock?: boolean;
  // GUESS: the pool as the admin types it in /raid's pool= (a decimal amount; decimals are the server's).
  pool?: { amount: string; token: string };
}

export interface Raid extends RaidSummary {
  postText: string;
  durationMinutes: number;
  lockRequested: boolean;
  lockApplied: boolean;
  rewardPool: Money | null;
  endReason: EndReason | null;
  /** Milliseconds left while active. GUESS: the contract says "time left" only. */
  timeLeftMs: number;
}

export interface Claimant {
  userId: number;
  name: string;
  xUsername: string;
  claimedAt: IsoTime;
  verdict: Verdict | 'pending';
  reasons: string[];
  actions: ActionJudgement[];
  points: number;
  decision: { decision: 'accept' | 'reject'; by: number; at: IsoTime } | null;
}

export interface RaidResults {
  raid: RaidSummary;
  claimants: Claimant[];
}

export type Board = 'points' | 'messages';
export type Period = 'week' | 'all';

export interface LeaderboardRow {
  rank: number;
  userId: number;
  name: string;
  value: number;
}

export interface Leaderboard {
  board: Board;
  period: Period;
  rows: LeaderboardRow[];
}

export interface HistoryEvent {
  id: string;
  action: string;
  actor: { userId: number; name: string } | null;
  at: IsoTime;
  // GUESS: the seal as "sealed into the chain" or not yet.
  seal: { status: 'sealed' | 'pending'; hash?: string };
}

export interface History extends Page<HistoryEvent> {
  // GUESS: the chain's verification.
  chain: { verified: boolean; checkedAt: IsoTime; brokenAt?: string };
}
