// What the feeds tests and the bench share: the feeds service over a fresh database, a real outbox (rows
// only: nothing is delivered), real history and groups rows, reading the X fake through the X service.
import { createHistory } from '../history/index.js';
import { createNotifications } from '../notifications/index.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { chatId, type ChatId, type TelegramUserId } from '../platform/telegram-ids.js';
import { loadGroups, upsertGroup } from '../groups/group-store.js';
import { defaultSettings, type GroupSettings } from '../groups/index.js';
import { startXHarness, type XHarness } from '../x/x.test-support.js';
import { feedMessages } from '../../bots/features/feed-posts/texts.js';
import { createFeeds, createKols, type Feeds, type FeedsConfig, type Kols, type KolsConfig, type PollHooks } from './index.js';

export const BOT_ID = 7_000_001;
export const ADMIN = 42 as TelegramUserId;

export interface FeedsHarness extends XHarness {
  makeFeeds(config?: Partial<FeedsConfig>, hooks?: PollHooks): Feeds;
  /** KOL tracking over the same dependencies (`afterSearch`: a throw there is a crash before the commit). */
  makeKols(config?: Partial<KolsConfig>, feeds?: Partial<FeedsConfig>, afterSearch?: (queryId: string) => void | Promise<void>): Kols;
  /** Sets a group's mention terms (another part of feeds owns writing them), in X's query form. */
  terms(chat: ChatId, ...terms: string[]): Promise<void>;
  /** Registers a supergroup of the bot, with its settings. */
  group(n: number, settings?: Partial<GroupSettings>): Promise<ChatId>;
  /** The forwards queued for a group, oldest first: the post id of each (from the dedupe key). */
  forwarded(chat: ChatId): Promise<string[]>;
  /** Every outbox row's text for a group. */
  texts(chat: ChatId): Promise<string[]>;
}

export async function startFeedsHarness(label: string): Promise<FeedsHarness> {
  const h = await startXHarness(label);
  const db = h.db.dataSource;
  const base = { db, redis: h.r.redis, prefix: h.r.prefix, log: silentLogger(), clock: h.fake.clock };
  const history = createHistory({ ...base, metrics: createMetrics({ defaults: false }) });
  const notifications = createNotifications({ ...base, metrics: createMetrics({ defaults: false }), sendApi: async () => { throw new Error('nothing is delivered in these tests'); } });
  return {
    ...h,
    makeFeeds(config = {}, hooks) {
      const { x } = h.makeX();
      return createFeeds({
        ...base, metrics: createMetrics({ defaults: false }), x, notifications, history, messages: () => feedMessages,
        groups: { many: (ids) => loadGroups(db.manager, ids) },
        config: { minIntervalMs: 60_000, maxIntervalMs: 1_800_000, deploymentCapMicros: null, maxFollowsPerGroup: 20, ...config },
        ...(hooks ? { hooks } : {}),
      });
    },
    makeKols(config = {}, feeds = {}, afterSearch) {
      const { x } = h.makeX();
      return createKols({
        ...base, metrics: createMetrics({ defaults: false }), x, notifications, history, messages: () => feedMessages,
        groups: { many: (ids) => loadGroups(db.manager, ids) },
        config: { minIntervalMs: 60_000, maxIntervalMs: 1_800_000, deploymentCapMicros: null, maxFollowsPerGroup: 20, ...feeds },
        kols: config,
        ...(afterSearch ? { afterSearch } : {}),
      });
    },
    async terms(chat, ...terms) {
      await db.query(`DELETE FROM feeds.mention_terms WHERE chat_id = $1`, [chat]);
      for (const term of terms) {
        await db.query(
          `INSERT INTO feeds.mention_terms (chat_id, term, kind, label, bot_id, created_by, created_at) VALUES ($1, $2, 'keyword', $2, $3, $4, now())`,
          [chat, term, BOT_ID, ADMIN],
        );
      }
    },
    async group(n, settings = {}) {
      const id = chatId(-1_000_000_000_000 - n);
      await upsertGroup(db.manager, { chatId: id, botId: BOT_ID, title: `Group ${n}`, type: 'supergroup', botStatus: 'administrator', botRights: {}, addedBy: ADMIN, settings: { ...defaultSettings(), ...settings } });
      return id;
    },
    async forwarded(chat) {
      const rows: Array<{ dedupe_key: string }> = await db.query(
        `SELECT dedupe_key FROM notifications.outbox WHERE chat_id = $1 AND dedupe_key LIKE 'feed:%' ORDER BY seq`,
        [chat],
      );
      return rows.map((r) => r.dedupe_key.split(':')[2]!);
    },
    async texts(chat) {
      const rows: Array<{ text: string }> = await db.query(`SELECT payload->>'text' AS text FROM notifications.outbox WHERE chat_id = $1 ORDER BY seq`, [chat]);
      return rows.map((r) => r.text);
    },
  };
}
