// Raids and claims for other services' tests and the bench, written by raids itself: a test of validation
// needs an ended raid with claims in it, and the raid lifecycle (launch, ticks, Telegram, the scheduler) is
// not what it tests. Only raids writes raids' tables; other services' tests come here for the rows.
import type { DataSource } from 'typeorm';
import type { Raids, RaidTargets } from './index.js';
import { claimTimes, loadClaims, loadRaid, markValidated } from './raid-store.js';

export interface RaidRowInput {
  chatId: number;
  botId?: number;
  postId: string;
  startedAt: Date;
  endsAt: Date;
  targets?: Partial<RaidTargets>;
  status?: 'active' | 'ended';
  likes?: number;
  reward?: { amount: bigint; token: string };
}

export async function insertRaid(db: DataSource, r: RaidRowInput): Promise<string> {
  const targets = { replies: 10, reposts: 10, likes: 0, quotes: 0, bookmarks: 0, ...r.targets };
  const minutes = Math.max(1, Math.round((r.endsAt.getTime() - r.startedAt.getTime()) / 60_000));
  const [row] = await db.query(
    `INSERT INTO raids.raids (chat_id, bot_id, post_id, post_url, conversation_id, launched_by, targets, duration_minutes, status,
                              started_at, ends_at, ended_at, end_reason, reward_amount, reward_token, progress)
     VALUES ($1, $2, $3, $4, $3, 1, $5, $6, $7, $8, $9, $9, 'time', $10::numeric, $11, $12) RETURNING id::text AS id`,
    [
      r.chatId, r.botId ?? 42, r.postId, `https://x.com/i/status/${r.postId}`, JSON.stringify(targets), minutes, r.status ?? 'ended',
      r.startedAt, r.endsAt, r.reward?.amount.toString() ?? null, r.reward?.token ?? null, JSON.stringify({ likes: r.likes ?? 0 }),
    ],
  );
  return row.id as string;
}

export interface ClaimInput {
  telegramUserId: number;
  xUserId: string;
  xUsername: string;
  claimedAt: Date;
}

export async function insertClaims(db: DataSource, raidId: string, claims: readonly ClaimInput[]): Promise<void> {
  if (claims.length === 0) return;
  await db.query(
    `INSERT INTO raids.claims (raid_id, telegram_user_id, x_user_id, x_username, claimed_at)
     SELECT $1, t, x, u, c FROM unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[]) AS k(t, x, u, c)`,
    [raidId, claims.map((c) => c.telegramUserId), claims.map((c) => c.xUserId), claims.map((c) => c.xUsername), claims.map((c) => c.claimedAt)],
  );
}

/** The raids reads validation needs (its deps' `raids`), straight from the raids store (no scheduler, no Telegram). */
export function storeRaids(db: DataSource): Pick<Raids, 'get' | 'claims' | 'claimTimes' | 'markValidated'> {
  return {
    get: (id) => loadRaid(db.manager, id),
    claims: (id) => loadClaims(db.manager, id),
    claimTimes: (ids, since) => claimTimes(db.manager, ids, since),
    markValidated: (tx, id) => markValidated(tx, id),
  };
}

