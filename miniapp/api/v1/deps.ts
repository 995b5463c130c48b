import type { Analytics } from '../../../services/analytics/index.js';
import type { BotBranding, BotProfile } from '../../../services/bot-registry/index.js';
import type { BrandingCheck, Whitelabel } from '../../../services/whitelabel/index.js';
import type { Groups } from '../../../services/groups/index.js';
import type { History } from '../../../services/history/index.js';
import type { Leaderboards } from '../../../services/leaderboards/index.js';
import type { Notifications } from '../../../services/notifications/index.js';
import type { TokenTable } from '../../../services/platform/token-amounts.js';
import type { Clock } from '../../../services/platform/clock.js';
import type { Logger } from '../../../services/platform/logger.js';
import type { Redis } from '../../../services/platform/redis.js';
import type { Raids } from '../../../services/raids/index.js';
import type { Users } from '../../../services/users/index.js';
import type { Validation } from '../../../services/validation/index.js';
import type { Wallet } from '../../../services/wallet/index.js';
import type { ChainConfig } from '../../../services/platform/chains.js';
import type { MoneyViews } from '../../../services/money-views/index.js';
import type { Withdrawals } from '../../../services/withdrawals/index.js';
import type { Feeds } from '../../../services/x-feeds/index.js';
import type { Kols } from '../../../services/x-feeds/index.js';

/** What the Mini App's API is built from; the composition root passes it (the api role). */
export interface MiniAppApiDeps {
  /** The bot directory: the app names the bot that opened it, and initData is checked with that bot's token. */
  bots: { resolve(botId: number): Promise<{ id: number; token: string } | undefined>; profile?(botId: number): Promise<BotProfile | undefined> };
  /** White-label bots (registration, branding, modules); null or absent: those routes answer 503. */
  whitelabel?: Whitelabel | null;
  checkBranding?: (input: unknown) => BrandingCheck;
  /** The raid card as a bot with this branding posts it: the bot side renders it (composition root). */
  previewCard?: (branding: BotBranding) => { text: string; buttons: Array<Array<{ text: string; url?: string }>> };
  users: Users;
  groups: Groups;
  raids: Raids;
  /** Null without X: no validation, so no results, verdicts or raid points. */
  validation: Validation | null;
  leaderboards: Leaderboards;
  /** Which groups a member wrote in (their groups in GET /me). */
  analytics: Pick<Analytics, 'chatsWithMessagesFrom'>;
  history: History;
  notifications: Notifications;
  /** The tokens pools may be in (the configured chains' or the default table). */
  tokens: () => TokenTable;
  /** Null without WALLET_XPUB: money is off. */
  wallet: Pick<Wallet, 'addressOf'> | null;
  /** The configured EVM chains and tokens (empty: none, so deposits are off too). */
  chains: readonly ChainConfig[];
  /** Balances, rewards, transactions and deposits; null when money is off (no WALLET_XPUB or no chains). */
  money: MoneyViews | null;
  /** Null or absent: withdrawals are off (no hot wallet, or money off); the routes answer 503. */
  withdrawals?: Pick<Withdrawals, 'request' | 'list'> | null;
  /** X feeds (follows, mention terms, auto-raids); null or absent without X: those routes answer 503 feeds_off. */
  feeds?: Pick<Feeds, 'follow' | 'unfollow' | 'follows' | 'enableAutoRaid' | 'disableAutoRaid' | 'autoRaid' | 'addMentionTerm' | 'removeMentionTerm' | 'mentionTerms'> | null;
  /** Null or absent: KOL tracking is off (no X); its route answers 503. */
  kols?: Pick<Kols, 'chart'> | null;
  clock: Clock;
  log: Logger;
  /** The rate limiter's store (shared by every api process) under the platform's key prefix. */
  redis: Redis;
  prefix: string;
  initDataMaxAgeS: number;
  ratePerMinute: number;
}
