import type { MiniAppEntry } from './mini-app.js';
import type { BotProfile } from '../services/bot-registry/index.js';
import type { Feeds, Kols } from '../services/x-feeds/index.js';
import type { Withdrawals } from '../services/withdrawals/index.js';
import type { Whitelabel } from '../services/whitelabel/index.js';
import type { Context } from 'grammy';
import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Logger } from '../services/platform/logger.js';
import type { Redis } from '../services/platform/redis.js';
import type { Registry } from '../services/platform/metrics.js';
import type { Tx } from '../services/platform/database.js';
import type { Users } from '../services/users/index.js';
import type { Groups } from '../services/groups/index.js';
import type { Raids } from '../services/raids/index.js';
import type { Analytics } from '../services/analytics/index.js';
import type { Leaderboards } from '../services/leaderboards/index.js';
import type { Validation } from '../services/validation/index.js';
import type { Wallet } from '../services/wallet/index.js';
import type { ChainConfig } from '../services/platform/chains.js';
import type { MoneyViews } from '../services/money-views/index.js';
import type { Outbox, Outgoing } from './outgoing.js';

export type { Buttons, Outgoing, OutgoingDocument, OutgoingText } from './outgoing.js';

/** What every bot (main and white-label) is built from. Passed in; nothing is global. createBot hands each
 * feature and middleware the part it declares; no handler sees this bundle. There is no database here:
 * work that must commit together is a service method. */
export interface BotDependencies {
  /** Redis for the updates' own keys (dedupe marks, wizard state). */
  redis: Redis;
  /** Redis key prefix (a hash tag such as `{warhorn}`). */
  prefix: string;
  log: Logger;
  metrics: Registry;
  users: Users;
  groups: Groups;
  notifications: Outbox;
  raids: Raids;
  analytics: Pick<Analytics, 'countMessage'>;
  leaderboards: Leaderboards;
  /** Null when the deployment has no X credentials. */
  validation: Validation | null;
  /** Where the Mini App is served; null without a public URL (then no dashboard buttons). */
  miniApp: MiniAppEntry | null;
  /** Null without WALLET_XPUB: money is off. */
  wallet: Pick<Wallet, 'addressOf' | 'follow'> | null;
  /** The configured EVM chains and tokens (empty: none). */
  chains: readonly ChainConfig[];
  /** Balances, rewards and transactions; null when money is off (no WALLET_XPUB or no chains). */
  money: MoneyViews | null;
  /** Null or absent: withdrawals are off (no hot wallet, or money off). */
  withdrawals?: Pick<Withdrawals, 'request' | 'balances'> | null;
  /** Null or absent: X feeds are off (no X configured). */
  feeds?: Pick<Feeds, 'follow' | 'unfollow' | 'follows' | 'migrate' | 'enableAutoRaid' | 'disableAutoRaid' | 'autoRaid' | 'addMentionTerm' | 'removeMentionTerm' | 'mentionTerms'> | null;
  /** White-label registration (/newbot, /mybots on the main bot); null or absent: off. */
  whitelabel?: Pick<Whitelabel, 'register' | 'bots'> | null;
  /** Null or absent: KOL tracking is off (no X configured). */
  kols?: Pick<Kols, 'add' | 'remove' | 'list' | 'ranking' | 'migrate'> | null;
}

export interface WarhornFlavor {
  /** The bot this update came to, as the directory has it now (modules, branding, owner), without secrets. */
  bot: BotProfile;
  /** The run of the update source (see ResolvedBot.updateEpoch); part of the processed-update marks. */
  updateEpoch: string | undefined;
  /** A child logger carrying the bot and update ids. */
  log: Logger;
  /** Queues a message (text with optional buttons, or a document) in the outbox, to this chat unless it
   * names another; in `tx` when given, so it commits with the change it reports. Several messages are
   * queued together or not at all. */
  send(message: Outgoing, tx?: Tx): Promise<string>;
  send(messages: readonly Outgoing[], tx?: Tx): Promise<string[]>;
}

/** Inside a conversation the context is a plain one: dependencies are captured by the conversation's builder. */
export type WarhornContext = ConversationFlavor<Context & WarhornFlavor>;
