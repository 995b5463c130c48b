// The responses of /api/v1, as the route schemas (miniapp/api/v1/routes/*.ts, zod) define them and
// docs/mini-app-api.md describes them. Telegram ids are numbers, raid and X ids strings, times ISO strings,
// money { amount, decimals, token } with the amount a string of the token's smallest unit.

export type IsoTime = string;

export interface Money {
  amount: string;
  decimals: number;
  token: string;
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

/** The `/raid` command's action keys: a raid's targets and its live progress. */
export type RaidAction = 'replies' | 'reposts' | 'likes' | 'quotes' | 'bookmarks';
export const RAID_ACTIONS: readonly RaidAction[] = ['replies', 'reposts', 'likes', 'quotes', 'bookmarks'];
export type RaidCounts = Record<RaidAction, number>;

export type RaidStatus = 'active' | 'ended' | 'validated' | 'cancelled';
export type EndReason = 'targets' | 'time' | 'admin';

/** Validation's action keys (singular): each claimant's judged actions. */
export type JudgedAction = 'reply' | 'repost' | 'like' | 'quote' | 'bookmark';
export const JUDGED_ACTIONS: readonly JudgedAction[] = ['reply', 'repost', 'like', 'quote', 'bookmark'];

export type Verdict = 'accepted' | 'flagged' | 'rejected';
export type ActionStatus = 'verified' | 'not_found' | 'unverifiable';

// --- me -----------------------------------------------------------------------------------------------

export interface Profile {
  id: number;
  firstName: string;
  lastName: string | null;
  username: string | null;
  languageCode: string | null;
}

export interface MyGroup {
  chatId: number;
  title: string;
  /** `admin`: in the group's synced admin list; `member`: the group's activity shows me. */
  role: 'admin' | 'member';
  /** Accepted raid points: this week (from Monday 00:00 UTC) and all time. */
  points: { week: number; all: number };
}

export interface Me {
  user: Profile;
  x: { userId: string; username: string } | null;
  groups: MyGroup[];
}

export interface Notifications {
  raidStarted: boolean;
  verdicts: boolean;
  rewards: boolean;
  groupNews: boolean;
}

export interface LinkedX {
  username: string;
  userId: string;
  method: 'oauth' | 'bio';
  linkedAt: IsoTime;
}

export interface BioCode {
  username: string;
  code: string;
  expiresAt: IsoTime;
}

export interface MyX {
  account: LinkedX | null;
  pendingBio: BioCode | null;
  oauthAvailable: boolean;
}

export interface OAuthStart {
  url: string;
  expiresAt: IsoTime;
}

/** Why a bio check did not link (the users service's codes). */
export type BioCheckRefusal = 'no_code' | 'expired' | 'code_not_found' | 'x_user_not_found' | 'x_unavailable' | 'taken' | 'not_configured';

/** The answer to `POST /me/x/bio/check`: both are 200s. */
export type BioCheck =
  | { linked: true; userId: string; username: string; replaced: { userId: string; username: string } | null; unchanged: boolean }
  | { linked: false; reason: BioCheckRefusal | (string & {}); message: string; username: string | null };

export type AppealState = 'none' | 'pending' | 'upheld' | 'overturned';

export interface MyVerdict {
  raidId: string;
  chatId: number;
  /** Null when the group is no longer known to the platform. */
  groupTitle: string | null;
  postUrl: string;
  claimedAt: IsoTime;
  xUsername: string;
  /** `pending` until the raid is validated; `cancelled` when an admin cancelled the raid. */
  verdict: Verdict | 'pending' | 'cancelled';
  /** The anti-fraud rules that flagged or rejected the claim. */
  reasons: Array<{ rule: string; severity: string; reason: string }>;
  actions: Array<{ action: JudgedAction | (string & {}); requested: boolean; status: ActionStatus; note: string }>;
  /** Awarded (accepted only); what the actions were worth is `computedPoints`. */
  points: number;
  computedPoints: number;
  decidedByAdmin: boolean;
  appeal: {
    state: AppealState;
    /** A rejected verdict, never appealed: the member may appeal now. */
    possible: boolean;
    text: string | null;
    appealedAt: IsoTime | null;
  };
}

export interface MyVerdictPage {
  items: MyVerdict[];
  nextCursor: string | null;
}

/** `/appeal`'s bound on the reason (MAX_APPEAL_LENGTH of the validation service). */
export const APPEAL_MAX_LENGTH = 500;

// --- groups -------------------------------------------------------------------------------------------

export interface AdminGroup {
  chatId: number;
  title: string;
  activeRaid: { id: string; endsAt: IsoTime; progress: RaidCounts; targets: RaidCounts } | null;
}

export interface DashboardRaid {
  id: string;
  status: 'active';
  postUrl: string;
  targets: RaidCounts;
  progress: RaidCounts;
  startedAt: IsoTime;
  endsAt: IsoTime;
  claimCount: number;
}

export interface RecentRaid {
  id: string;
  status: RaidStatus;
  postUrl: string;
  startedAt: IsoTime;
  endedAt: IsoTime | null;
  claimCount: number;
}

export interface TopMember {
  rank: number;
  userId: number;
  name: string | null;
  points: number;
}

export interface GroupDashboard {
  group: { chatId: number; title: string };
  activeRaid: DashboardRaid | null;
  /** The last 5 raids. */
  recentRaids: RecentRaid[];
  /** This week's points board, top 5. */
  topMembers: TopMember[];
}

export type SettingSection = 'raid' | 'points' | 'antifraud' | 'rewards' | 'feeds' | 'mentions';
export type SettingKind = 'int' | 'bool' | 'duration' | 'enum' | 'token';
/** A setting's stored value: minutes for durations, a boolean for on/off, null for "no token". */
export type SettingValue = number | boolean | string | null;

export interface Setting {
  key: string;
  section: SettingSection;
  kind: SettingKind;
  value: SettingValue;
  /** The value as `/set` reads it and /settings shows it: "30m", "on", "none". */
  text: string;
  /** Inclusive bounds of a number; a duration's in minutes. */
  min?: number;
  max?: number;
  options?: readonly string[];
  help: string;
}

export interface Settings {
  settings: Setting[];
}

/** The answer to `PATCH /groups/{chatId}/settings`: the setting as it now is. */
export interface SettingChanged {
  setting: Setting;
}

/** A raid as the group's list (and the detail view) shows it. */
export interface RaidSummary {
  id: string;
  status: RaidStatus;
  postUrl: string;
  targets: RaidCounts;
  progress: RaidCounts;
  startedAt: IsoTime;
  endsAt: IsoTime;
  endedAt: IsoTime | null;
  endReason: EndReason | null;
  claimCount: number;
  pool: Money | null;
}

export interface RaidPage {
  raids: RaidSummary[];
  nextCursor: string | null;
}

export interface Raid extends RaidSummary {
  chatId: number;
  postText: string;
  /** Seconds until the raid ends on time; 0 once it ended. */
  timeLeftS: number;
  /** `note`: why a requested lock was not applied, a code of the raids service (e.g. bot_cannot_restrict). */
  lock: { requested: boolean; applied: boolean; note: string | null };
}

/** The answer to a launch (201) and to an end. */
export interface RaidEnvelope {
  raid: Raid;
}

/** `POST /groups/{chatId}/raids`: `/raid`'s options; duration and lock default to the group's settings. */
export interface LaunchRaid {
  postUrl: string;
  targets: Partial<RaidCounts>;
  durationMinutes?: number;
  lock?: boolean;
  /** The amount in the token's smallest unit (1 USDT = "1000000"). */
  pool?: { amount: string; token: string };
}

export interface Evidence {
  /** What showed it: replies, quotes, retweeted_by, liking_users or timeline. */
  source: string;
  postId: string | null;
  url: string | null;
  at: IsoTime | null;
  /** The text of a reply or quote. */
  text: string | null;
}

/** Why an action got its verdict (validation's codes). */
export type ActionReason =
  | 'not_requested'
  | 'seen_during_raid'
  | 'not_found'
  | 'x_cannot_show'
  | 'x_never_shows_bookmarks'
  | 'before_raid'
  | 'reply_length'
  | 'near_duplicate';

export interface ActionResult {
  verdict: ActionStatus;
  requested: boolean;
  evidence: Evidence[];
  /** What X showed from before the raid started (it does not count). */
  preRaid: Evidence[];
  /** Why this verdict, in words an admin can read. */
  note: string;
  reasons: Array<ActionReason | (string & {})>;
}

export interface ClaimantReason {
  /** The anti-fraud rule. */
  code: string;
  severity: 'flag' | 'reject';
  message: string;
}

export interface Claimant {
  userId: number;
  name: string | null;
  username: string | null;
  xUserId: string;
  xUsername: string;
  claimedAt: IsoTime;
  verdict: Verdict | 'pending';
  points: number;
  /** What an Accept awards a flagged claimant. */
  computedPoints: number;
  reward: Money | null;
  restsOn: 'verified' | 'self_report' | 'none' | null;
  /** Null before validation. */
  actions: Record<JudgedAction, ActionResult> | null;
  reasons: ClaimantReason[];
  flagged: boolean;
  /** Flagged (or appealed) and nobody decided yet: the Accept and Reject buttons. */
  awaitingDecision: boolean;
  decision: Decision | null;
  appeal: AppealState;
}

export interface Decision {
  decision: 'accept' | 'reject';
  by: number;
  at: IsoTime;
}

/** The answer to a decision. */
export interface Decided {
  verdict: Verdict;
  points: number;
  decision: Decision;
}

export interface RaidResults {
  raidId: string;
  status: 'pending' | 'validated';
  summary: {
    counts: { accepted: number; flagged: number; rejected: number };
    /** The pool's split rule, with what was left over, in the token's smallest unit. */
    reward: { rule: string; remainder: string; undistributed: string } | null;
    xRequests: number;
    validatedAt: IsoTime;
  } | null;
  claimants: Claimant[];
}

export type Board = 'points' | 'messages';
export type Period = 'week' | 'all';

export interface LeaderboardRow {
  rank: number;
  userId: number;
  name: string | null;
  username: string | null;
  value: number;
}

export interface Leaderboard {
  board: Board;
  period: Period;
  /** Where a weekly board starts (Monday 00:00 UTC); absent for all time. */
  since?: IsoTime;
  rows: LeaderboardRow[];
}

/** Engagement of a KOL's posts; `impressions` null where X gave none. */
export interface KolFigures {
  mentions: number;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  impressions: number | null;
}

/** GET /groups/{chatId}/kols: one KOL with its totals over the period (ranked as /kols) and a series per UTC day. */
export interface KolChart {
  xUserId: string;
  username: string;
  name: string;
  addedAt: IsoTime;
  /** Null without a mention in the period. */
  rank: number | null;
  totals: KolFigures & { score: number; bestPostUrl: string | null };
  /** Oldest first: the mentions posted that day and the engagement gained that day. */
  series: Array<KolFigures & { day: string }>;
}

export interface HistoryEvent {
  id: string;
  /** Position in the hash chain; null until the sealer reaches the event. */
  seq: string | null;
  sealed: boolean;
  at: IsoTime;
  action: string;
  /** `name`: the person's first name as the platform knows it now. */
  actor: { kind: 'user' | 'bot' | 'system' | 'admin'; id?: string; name?: string };
  subject: { kind: string; id: string };
  data: Record<string, unknown>;
}

export interface History {
  events: HistoryEvent[];
  nextCursor: string | null;
  /** This page's events checked against the chain around them. */
  chain: {
    status: 'verified' | 'pending' | 'broken';
    /** The highest seq that checked out. */
    checkedThrough?: string;
    brokenEventId?: string;
    reason?: string;
  };
}

/** GET /tokens: what a pool may be in. `otherDecimals`: how a token not listed is counted; null: refused. */
export interface PayableTokens {
  listed: boolean;
  tokens: Array<{ symbol: string; decimals: number }>;
  otherDecimals: number | null;
}

// --- money (docs/mini-app-api.md: "Money views") -----------------------------------------------------------

/** How an asset is named: `token` is 'native' or the contract address in lower case. */
export interface AssetName {
  chainId: number;
  chainName: string;
  token: string;
  symbol: string;
  decimals: number;
}

/** GET /groups/{chatId}/deposit */
export interface DepositAddress {
  address: string;
  uri: string;
  /** The QR code of `uri`, an SVG document drawn by the server. */
  qrSvg: string;
  chains: Array<{ id: number; name: string; confirmations: number; native: { symbol: string; decimals: number }; tokens: string[] }>;
}

export interface GroupBalance {
  balances: Array<AssetName & { available: string; held: string }>;
  pools: Array<AssetName & { raidId: string; amount: string }>;
}

export interface MoneyEntry extends AssetName {
  id: string;
  at: IsoTime;
  kind: string;
  /** Signed integer string of the smallest unit. */
  amount: string;
  balanceAfter: string;
  raidId: string | null;
  txHash: string | null;
  explorerUrl: string | null;
}

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

export type DepositStatus = 'seen' | 'credited' | 'dropped' | 'reversed';

export interface DepositRow extends AssetName {
  id: string;
  amount: string;
  from: string;
  txHash: string;
  explorerUrl: string | null;
  status: DepositStatus;
  confirmations: number;
  requiredConfirmations: number;
  seenAt: IsoTime;
  creditedAt: IsoTime | null;
}

export interface MyRewards {
  balances: Array<AssetName & { amount: string; minWithdrawal: string }>;
}

export interface LinkedWallet {
  address: string;
  linkedAt: IsoTime;
}

export interface WalletChallenge {
  message: string;
  address: string;
  expiresAt: IsoTime;
}

export type WithdrawalStatus = 'requested' | 'signed' | 'sent' | 'confirmed' | 'failed';

/** As the withdrawals contract (money-shared-names.md) defines it. */
export interface Withdrawal {
  id: string;
  chainId: number;
  token: string;
  symbol: string;
  decimals: number;
  amount: string;
  to: string;
  status: WithdrawalStatus;
  txHash: string | null;
  explorerUrl: string | null;
  confirmations: number;
  requiredConfirmations: number;
  createdAt: IsoTime;
  doneAt: IsoTime | null;
}

export interface WithdrawalRequest {
  chainId: number;
  token: string;
  /** Integer string of the smallest unit, or 'all'. */
  amount: string;
  to: string;
}
