// KOL tracking: a group's influencer accounts, their posts that mention the group's project (its mention
// terms), the engagement those posts got, ranked. Built from the same dependencies as feeds.
import type { ChatId, TelegramUserId } from '../../platform/telegram-ids.js';
import { counter } from '../../platform/metrics.js';
import { HANDLE } from '../follows.js';
import type { KolStanding } from '../messages.js';
import { countKols, deleteKol, insertKol, knownAccount, listKols, moveKols, termsOf, type KolRow } from './kol-store.js';
import { kolChart, type KolChart } from './chart.js';
import { sendDueDigests, type DigestPass } from './digest.js';
import { rankingRows } from './ranking.js';
import { refreshDue, type RefreshPass } from './refresh.js';
import { searchDue, type SearchPass } from './search-due.js';
import { DEFAULT_KOLS_CONFIG, type KolsDeps } from './deps.js';

export type KolAddResult =
  /** `terms`: how many mention terms the group has; with none, nothing can match yet. */
  | { ok: true; created: boolean; kol: { xUserId: string; username: string; name: string }; terms: number }
  | { ok: false; reason: 'bad_handle' | 'not_found' | 'limit'; limit?: number };

export type KolRemoveResult = { ok: true; username: string } | { ok: false; reason: 'bad_handle' | 'not_tracked' };

export interface Kols {
  /** An admin adds an X account to the group's KOLs; its posts count from now on (never its earlier ones). */
  add(g: { chatId: ChatId; actorId: TelegramUserId }, handle: string): Promise<KolAddResult>;
  remove(g: { chatId: ChatId; actorId: TelegramUserId }, handle: string): Promise<KolRemoveResult>;
  /** The group's KOLs, by handle. */
  list(chatId: ChatId): Promise<KolRow[]>;
  /** The group's KOLs ranked over posts made in [since, until), best first (see ranking.ts for the score). */
  ranking(chatId: ChatId, since: Date, until: Date): Promise<KolStanding[]>;
  /** The Mini App's view: every KOL with its totals over the last `days` UTC days and a daily series. */
  chart(chatId: ChatId, days: number): Promise<KolChart[]>;
  /** A pass of the search (worker): the queries brought in step with the lists, the due ones read. */
  searchDue(): Promise<SearchPass>;
  /** A pass of the engagement refresh (worker). */
  refreshDue(): Promise<RefreshPass>;
  /** Last week's digests, once per group and week, from Monday 09:00 UTC (worker). */
  sendDueDigests(): Promise<DigestPass>;
  /** A group upgraded to a supergroup keeps its KOLs and their recorded posts. */
  migrate(from: ChatId, to: ChatId): Promise<number>;
}

export function createKols(deps: KolsDeps): Kols {
  const config = { ...DEFAULT_KOLS_CONFIG, ...deps.kols };
  const searches = counter(deps.metrics, 'warhorn_feeds_kol_searches_total', 'KOL search reads by outcome', ['outcome']);
  const recorded = counter(deps.metrics, 'warhorn_feeds_kol_mentions_total', 'KOL posts recorded as mentioning a group');
  return {
    async add(g, handle) {
      const m = HANDLE.exec(handle.trim());
      if (!m) return { ok: false, reason: 'bad_handle' };
      const existing = await listKols(deps.db.manager, g.chatId);
      const already = existing.find((k) => k.username.toLowerCase() === m[1]!.toLowerCase());
      if (!already && existing.length >= config.maxKolsPerGroup) return { ok: false, reason: 'limit', limit: config.maxKolsPerGroup };
      const user = already
        ? { id: already.xUserId, username: already.username, name: already.name }
        : ((await knownAccount(deps.db.manager, m[1]!)) ?? (await deps.x.getUserByUsername(m[1]!, { purpose: 'feeds:lookup' })));
      if (!user) return { ok: false, reason: 'not_found' };
      return deps.db.transaction(async (tx) => {
        // Counted again under the lock: two adds at once must not pass the limit together.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('feeds.kols'), hashtext($1::text))`, [String(g.chatId)]);
        if (!already && (await countKols(tx, g.chatId)) >= config.maxKolsPerGroup) return { ok: false, reason: 'limit', limit: config.maxKolsPerGroup };
        const { created } = await insertKol(tx, { chatId: g.chatId, xUserId: user.id, username: user.username, name: user.name, addedBy: g.actorId, now: deps.clock.now() });
        if (created) {
          await deps.history.append(tx, {
            actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.kol_added', subject: { kind: 'group', id: String(g.chatId) },
            data: { xUserId: user.id, username: user.username, by: String(g.actorId) },
          });
        }
        const terms = (await termsOf(tx, [g.chatId])).get(g.chatId)?.length ?? 0;
        return { ok: true, created, kol: { xUserId: user.id, username: user.username, name: user.name }, terms };
      });
    },
    async remove(g, handle) {
      const m = HANDLE.exec(handle.trim());
      if (!m) return { ok: false, reason: 'bad_handle' };
      return deps.db.transaction(async (tx) => {
        const removed = await deleteKol(tx, g.chatId, m[1]!);
        if (!removed) return { ok: false, reason: 'not_tracked' };
        await deps.history.append(tx, {
          actor: { kind: 'user', id: String(g.actorId) }, action: 'feed.kol_removed', subject: { kind: 'group', id: String(g.chatId) },
          data: { xUserId: removed.xUserId, username: removed.username, by: String(g.actorId) },
        });
        return { ok: true, username: removed.username };
      });
    },
    list: (chatId) => listKols(deps.db.manager, chatId),
    ranking: (chatId, since, until) => rankingRows(deps.db.manager, chatId, since, until),
    chart: (chatId, days) => kolChart(deps.db.manager, chatId, deps.clock.now(), days),
    async searchDue() {
      const pass = await searchDue(deps, config, (r) => searches.inc({ outcome: r.outcome }));
      recorded.inc(pass.mentions);
      return pass;
    },
    refreshDue: () => refreshDue(deps, config),
    sendDueDigests: () => sendDueDigests(deps),
    migrate: (from, to) => deps.db.transaction((tx) => moveKols(tx, from, to)),
  };
}
