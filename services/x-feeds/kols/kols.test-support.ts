// What the KOL tests share on top of the feeds harness: running passes to the end and reading what a group
// recorded, on the X fake's clock.
import type { ChatId } from '../../platform/telegram-ids.js';
import { ADMIN, type FeedsHarness } from '../feeds.test-support.js';
import type { Kols } from '../index.js';

export const admin = (chatId: ChatId) => ({ chatId, actorId: ADMIN });

export function kolsHelpers(h: FeedsHarness) {
  let n = 0;
  return {
    tick: (ms = 1000) => h.fake.clock.advance(ms),
    /** An X account with a handle unique in the run; `prefix` orders handles where a test needs it. */
    account: (prefix = 'kol') => h.fake.createUser({ username: `${prefix}${++n}`.slice(0, 15), name: `KOL ${n}`, followers: 50_000 }),
    /** Past every query's interval, then passes until nothing is due. */
    async searchAll(kols: Kols) {
      h.fake.clock.advance(1_800_001);
      for (let i = 0; i < 20; i++) if ((await kols.searchDue()).searched === 0) return;
    },
    /** The posts recorded as mentioning the group's project, oldest first. */
    async mentioned(chat: ChatId): Promise<string[]> {
      const rows: Array<{ post_id: string }> = await h.db.dataSource.query(
        `SELECT m.post_id FROM feeds.kol_mentions m JOIN feeds.kol_posts p USING (post_id) WHERE m.chat_id = $1 ORDER BY p.created_at, m.post_id`,
        [chat],
      );
      return rows.map((r) => r.post_id);
    },
    async historyOf(chat: ChatId, action: string): Promise<Array<Record<string, unknown>>> {
      const rows: Array<{ data: Record<string, unknown> }> = await h.db.dataSource.query(
        `SELECT data FROM history.events WHERE subject_kind = 'group' AND subject_id = $1 AND action = $2 ORDER BY id`,
        [String(chat), action],
      );
      return rows.map((r) => r.data);
    },
    /** search/recent requests whose query names this account. */
    searchesFor: (xUserId: string) =>
      h.fake.requests().filter((r) => r.endpoint === 'GET /2/tweets/search/recent' && (new URLSearchParams(r.query).get('query') ?? '').includes(`from:${xUserId}`)).length,
    /** Post lookups (the refresh's reads) that asked for this post. */
    lookupsOf: (postId: string) =>
      h.fake.requests().filter((r) => r.endpoint === 'GET /2/tweets' && (new URLSearchParams(r.query).get('ids') ?? '').split(',').includes(postId)).length,
  };
}
