// A pass of the KOL search: the deployment's cap first, then the queries brought in step with the lists,
// then the due ones read, a few at a time.
import { utcDay } from '../../x/index.js';
import { LEASE_MS } from '../poll-due.js';
import { planSearches } from './plan.js';
import { claimDueQueries } from './query-store.js';
import { searchQuery, type SearchResult } from './search.js';
import type { KolsConfig, KolsDeps } from './deps.js';

export interface SearchPass {
  /** The deployment's daily cap on feeds is reached: nothing was read (feeds' poller tells the groups). */
  paused: boolean;
  /** Distinct queries the groups' lists need now. */
  queries: number;
  searched: number;
  outcomes: Partial<Record<SearchResult['outcome'], number>>;
  posts: number;
  mentions: number;
  requests: number;
  costMicros: bigint;
}

export async function searchDue(deps: KolsDeps, config: KolsConfig, onResult?: (r: SearchResult) => void): Promise<SearchPass> {
  const now = deps.clock.now();
  const result: SearchPass = { paused: false, queries: 0, searched: 0, outcomes: {}, posts: 0, mentions: 0, requests: 0, costMicros: 0n };
  const cap = deps.config.deploymentCapMicros;
  if (cap !== null && (await deps.x.spentOn('feeds', utcDay(now))) >= cap) return { ...result, paused: true };
  result.queries = (await planSearches(deps, config, now)).queries;
  const due = await deps.db.transaction((tx) => claimDueQueries(tx, now, new Date(now.getTime() + LEASE_MS), config.batchSize));
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const q = due[next++]!;
      let r: SearchResult;
      try {
        r = await searchQuery(deps, config, q);
      } catch (error) {
        // The lease lapses and the query is read again from its committed cursor.
        deps.log.error({ err: error, queryId: q.id }, 'feeds: KOL search failed');
        continue;
      }
      result.searched++;
      result.outcomes[r.outcome] = (result.outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome === 'recorded') {
        result.posts += r.posts;
        result.mentions += r.mentions;
        result.requests += r.requests;
        result.costMicros += r.costMicros;
      }
      onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, due.length) }, worker));
  return result;
}
