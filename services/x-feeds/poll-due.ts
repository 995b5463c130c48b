// A pass of the poller: the deployment's cap first, then the due accounts, a few at a time.
import { utcDay } from '../x/index.js';
import type { OutboxMessage } from '../notifications/index.js';
import { claimDue } from './account-store.js';
import { claimCapNotices, followingGroups } from './spend-store.js';
import { nextUtcMidnight } from './spend.js';
import { pollAccount, type PollResult } from './poll.js';
import { pollMentionQuery } from './mention-poll.js';
import { claimDueQueries } from './mention-store.js';
import type { FeedsDeps } from './deps.js';

/** Long enough for a read of several pages and its transaction; a dead worker's accounts wait this long. */
export const LEASE_MS = 120_000;

export interface PassResult {
  /** The deployment's daily cap is reached: nothing was read. */
  paused: boolean;
  polled: number;
  outcomes: Partial<Record<PollResult['outcome'], number>>;
  posts: number;
  forwards: number;
  costMicros: bigint;
  requests: number;
}

export async function pollDue(deps: FeedsDeps, onResult?: (r: PollResult) => void): Promise<PassResult> {
  const { clock, config } = deps;
  const now = clock.now();
  const result: PassResult = { paused: false, polled: 0, outcomes: {}, posts: 0, forwards: 0, costMicros: 0n, requests: 0 };
  if (config.deploymentCapMicros !== null) {
    // Checked once a pass: a pass can overshoot the cap by what its batch reads, no more.
    const spent = await deps.x.spentOn('feeds', utcDay(now));
    if (spent >= config.deploymentCapMicros) {
      await tellDeploymentCap(deps, now, config.deploymentCapMicros, spent);
      return { ...result, paused: true };
    }
  }
  const due = await deps.db.transaction((tx) => claimDue(tx, now, new Date(now.getTime() + LEASE_MS), config.batchSize ?? 50));
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const account = due[next++]!;
      let r: PollResult;
      try {
        r = await pollAccount(deps, account);
      } catch (error) {
        // The lease lapses and the account is read again from its committed cursor.
        deps.log.error({ err: error, xUserId: account.xUserId }, 'feeds: poll failed');
        continue;
      }
      result.polled++;
      result.outcomes[r.outcome] = (result.outcomes[r.outcome] ?? 0) + 1;
      if (r.outcome === 'forwarded') {
        result.posts += r.posts;
        result.forwards += r.forwards;
        result.costMicros += r.costMicros;
        result.requests += r.requests;
      }
      onResult?.(r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.concurrency ?? 4, due.length) }, worker));
  return result;
}

/** Every following group hears once a day that the operator's cap stopped feeds until midnight UTC. */
async function tellDeploymentCap(deps: FeedsDeps, now: Date, capMicros: bigint, spentMicros: bigint): Promise<void> {
  const day = utcDay(now);
  const resumesAt = nextUtcMidnight(now);
  await deps.db.transaction(async (tx) => {
    const groups = await followingGroups(tx);
    const botOf = new Map(groups.map((g) => [g.chatId, g.botId] as const));
    const tell = await claimCapNotices(tx, day, 'deployment', groups.map((g) => g.chatId), now);
    if (tell.length === 0) return;
    const messages: OutboxMessage[] = tell.map((chatId) => ({
      botId: botOf.get(chatId)!, chatId, method: 'sendMessage',
      payload: deps.messages(botOf.get(chatId)!).capPaused({ scope: 'deployment', capMicros, spentMicros, resumesAt }) as never,
      dedupeKey: `feeds:cap:${chatId}:${day}`,
    }));
    await deps.notifications.enqueueMany(tx, messages);
    await deps.history.appendMany(tx, tell.map((chatId) => ({
      actor: { kind: 'system' as const }, action: 'feed.capped' as const, subject: { kind: 'group' as const, id: String(chatId) },
      data: { scope: 'deployment' as const, capMicros: capMicros.toString(), spentMicros: spentMicros.toString(), resumesAt: resumesAt.toISOString() },
    })));
  });
  deps.log.warn({ capMicros: capMicros.toString(), spentMicros: spentMicros.toString() }, 'feeds: the deployment daily X cap is reached; polling paused until 00:00 UTC');
}

/** A pass of the mention queries: due ones, a few at a time, like accounts. */
export async function pollDueMentions(deps: FeedsDeps): Promise<{ polled: number; relays: number; summaries: number; costMicros: bigint }> {
  const now = deps.clock.now();
  const out = { polled: 0, relays: 0, summaries: 0, costMicros: 0n };
  if (deps.config.deploymentCapMicros !== null && (await deps.x.spentOn('feeds', utcDay(now))) >= deps.config.deploymentCapMicros) return out;
  const due = await deps.db.transaction((tx) => claimDueQueries(tx, now, new Date(now.getTime() + LEASE_MS), deps.config.batchSize ?? 50));
  for (const q of due) {
    try {
      const r = await pollMentionQuery(deps, q);
      out.polled++;
      if (r.outcome === 'relayed') {
        out.relays += r.relays;
        out.summaries += r.summaries;
        out.costMicros += r.costMicros;
      }
    } catch (error) {
      deps.log.error({ err: error, queryId: q.id }, 'feeds: mention query failed');
    }
  }
  return out;
}
