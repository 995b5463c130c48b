// History: the append-only, hash-chained record of every significant action. Other services append inside
// their own transaction (so the event commits or rolls back with the change); a sealer chains finished
// events later (seal.ts); verify() recomputes the chain. See docs/conventions.md, "History is append-only".
import type { ServiceSchema, Tx } from '../platform/database.js';
import { counter, histogram, sampledGauge } from '../platform/metrics.js';
import type { HistoryDeps } from './deps.js';
import { insertEvents } from './append.js';
import { countUnsealed, countUnsealedThrough, oldestUnsealedSeconds, readChainHead, sealBatch } from './seal.js';
import type { Anchor } from './anchors.js';
import { sleep } from '../platform/clock.js';
import { verifyChain } from './verify.js';
import { listEvents } from './list.js';
import { checkEvents } from './check-events.js';
import { CreateHistory1764000003000 } from './migrations/create-history-1764000003000.js';
import type { History, HistoryEventInput, ListFilter, SealResult } from './types.js';

export type {
  ActorKind, DeclaredEvent, EventsCheck, History, HistoryAppender, HistoryBatchAppender, HistoryEvent, HistoryEventInput, HistoryEventOf, ListFilter, SealResult, VerifyResult,
} from './types.js';
export { canonicalJson, encodeEvent, chainHash, GENESIS_HASH, type EventRecord } from './canonical.js';
export { anchorText, appendAnchor, readAnchors, type Anchor } from './anchors.js';
export type { HistoryDeps } from './deps.js';

export const historySchema: ServiceSchema = { migrations: [CreateHistory1764000003000] };

export function createHistory(deps: HistoryDeps): History {
  const { db, log, metrics, clock } = deps;
  const batchSize = deps.sealBatchSize ?? 5_000;

  // Counted when the INSERT succeeds; a caller's transaction may still roll back afterwards.
  const appended = counter(metrics, 'warhorn_history_events_appended_total', 'History events inserted (by the business transaction).');
  const anchorsPublished = counter(metrics, 'warhorn_history_anchors_published_total', 'Chain heads published outside the database');
  sampledGauge(metrics, 'warhorn_history_unsealed_events', 'History events not yet chained', () => countUnsealed(db.manager));
  sampledGauge(metrics, 'warhorn_history_oldest_unsealed_seconds', 'Age of the oldest event not yet chained (an open transaction in the cluster holds the sealer back)', () => oldestUnsealedSeconds(db.manager));
  const sealLag = histogram(
    metrics,
    'warhorn_history_seal_lag_seconds',
    'Time from an event occurring (its transaction start) to its seal.',
    [],
    [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
  );

  async function appendMany(tx: Tx, events: readonly HistoryEventInput[]): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = await insertEvents(tx, events);
    appended.inc(ids.length);
    return ids;
  }

  async function append(tx: Tx, event: HistoryEventInput): Promise<string> {
    const [id] = await appendMany(tx, [event]);
    return id!;
  }

  async function seal(): Promise<SealResult> {
    const started = clock.now().getTime();
    let sealed = 0;
    let head: string | undefined;
    // A short batch means nothing below the current bound is left; stop there rather than chase new events.
    for (;;) {
      const batch = await sealBatch(db, batchSize);
      sealed += batch.sealed;
      head = batch.head ?? head;
      for (const lag of batch.lagSeconds) sealLag.observe(lag);
      if (batch.sealed < batchSize) break;
    }
    if (sealed > 0) log.debug({ sealed, head, ms: clock.now().getTime() - started }, 'history sealed');
    if (sealed > 0 && deps.anchor) await anchorHead(deps.anchor);
    return head === undefined ? { sealed } : { sealed, head };
  }

  // The last seq this process published; the first seal after start publishes too (a fresh anchor per start).
  let anchored: bigint | undefined;
  async function anchorHead(anchor: NonNullable<HistoryDeps['anchor']>): Promise<void> {
    const head = await readChainHead(db.manager);
    if (!head || (anchored !== undefined && head.seq - anchored < BigInt(anchor.everySeals))) return;
    try {
      await anchor.publish({ seq: head.seq.toString(), hash: head.hash, eventId: head.eventId, at: clock.now().toISOString() });
      anchored = head.seq;
      anchorsPublished.inc();
    } catch (error) {
      // Next seal tries again; the chain itself is unaffected.
      log.warn({ err: error, seq: head.seq.toString() }, 'could not publish the history anchor');
    }
  }

  async function sealThrough(waitMs: number): Promise<{ unsealed: number }> {
    const [{ last }] = (await db.query(`SELECT coalesce(max(id), 0)::text AS last FROM history.events`)) as [{ last: string }];
    const deadline = clock.now().getTime() + waitMs;
    for (;;) {
      await seal();
      const unsealed = await countUnsealedThrough(db.manager, last);
      if (unsealed === 0 || clock.now().getTime() >= deadline) return { unsealed };
      await sleep(250);
    }
  }

  async function verify(options: { anchors?: readonly Anchor[] } = {}) {
    const result = await verifyChain(db, options);
    if (result.ok) log.info({ events: result.events, head: result.head }, 'history chain verified');
    else log.error({ eventId: result.firstBadEventId, reason: result.reason, checked: result.checked }, 'history chain is broken');
    return result;
  }

  return {
    append,
    appendMany,
    seal,
    sealThrough,
    verify,
    list: (filter?: ListFilter) => listEvents(db.manager, filter),
    checkEvents: (eventIds) => checkEvents(db.manager, eventIds),
  };
}
