// Engagement comes in over the first days after a post: recorded posts are re-read (100 per request) at
// most every `refreshEveryMs` until `refreshDays` after posting, each read adding a snapshot for the chart.
// Posts of every group are read together, so a post ranked by ten groups is read once.
import { utcDay } from '../../x/index.js';
import { LEASE_MS } from '../poll-due.js';
import { renameKols } from './kol-store.js';
import { claimRefresh, figuresOf, insertSnapshots, markGone, updateFigures } from './post-store.js';
import type { KolsConfig, KolsDeps } from './deps.js';

export interface RefreshPass {
  paused: boolean;
  /** Posts asked of X, of them found (figures updated) and gone (no longer returned: they stop here). */
  asked: number;
  refreshed: number;
  gone: number;
}

export async function refreshDue(deps: KolsDeps, config: KolsConfig): Promise<RefreshPass> {
  const now = deps.clock.now();
  const result: RefreshPass = { paused: false, asked: 0, refreshed: 0, gone: 0 };
  const cap = deps.config.deploymentCapMicros;
  if (cap !== null && (await deps.x.spentOn('feeds', utcDay(now))) >= cap) return { ...result, paused: true };
  const stale = new Date(now.getTime() - config.refreshEveryMs);
  const ids = await deps.db.transaction((tx) => claimRefresh(tx, now, stale, new Date(now.getTime() + LEASE_MS), config.refreshBatchSize));
  if (!ids.length) return result;
  // A failure here (X down, rate limit) leaves the lease to lapse: the posts are due again after it.
  const posts = await deps.x.getPosts(ids, { purpose: 'feeds:kols:refresh' });
  const found = new Map(posts.map((p) => [p.id, p] as const));
  const figures = ids.flatMap((id) => (found.has(id) ? [figuresOf(found.get(id)!)] : []));
  const gone = ids.filter((id) => !found.has(id));
  await deps.db.transaction(async (tx) => {
    const at = deps.clock.now();
    await updateFigures(tx, figures, at);
    await insertSnapshots(tx, figures, at);
    await markGone(tx, gone, at);
    const authors = new Map(posts.flatMap((p) => (p.author ? [[p.author.id, p.author] as const] : [])));
    await renameKols(tx, [...authors.values()].map((a) => ({ id: a.id, username: a.username, name: a.name })));
  });
  return { paused: false, asked: ids.length, refreshed: figures.length, gone: gone.length };
}
