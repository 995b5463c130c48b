// Helpers for the validation service's integration tests and bench: this service's migration applied to a
// fresh database even before services/catalog.ts lists it, raids and claims written as plain rows (the raid
// lifecycle is another service's business), and a stand-in for group settings (a value the tests change).
// X, Postgres, Redis, users, history and the outbox are the real ones.
import https from 'node:https';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { startXFake, type XFake } from '../../testkit/x/index.js';
import type { TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { defaultSettings, type GroupSettings } from '../groups/index.js';
import { createHistory, type History } from '../history/index.js';
import { createUsers, type Users } from '../users/index.js';
import { createNotifications } from '../notifications/index.js';
import type { RaidTargets } from '../raids/index.js';
import { claimTimes, loadClaims, loadRaid, markValidated } from '../raids/raid-store.js';
import { freshXDatabase } from '../x/x.test-support.js';
import { createX, type X } from '../x/index.js';
import type { ValidationDeps } from './deps.js';
import { CreateValidation1764000007000 } from './migrations/create-validation-1764000007000.js';
import { createValidation, type Validation } from './service.js';

export async function ensureValidationSchema(db: DataSource): Promise<void> {
  const [{ exists }] = await db.query(`SELECT to_regclass('validation.outcomes') IS NOT NULL AS exists`);
  if (exists) return;
  const runner = db.createQueryRunner();
  try {
    await new CreateValidation1764000007000().up(runner);
  } finally {
    await runner.release();
  }
}

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

/** The raids reads validation needs, straight from the raids store (no scheduler, no Telegram). */
export function storeRaids(db: DataSource): ValidationDeps['raids'] {
  return {
    get: (id) => loadRaid(db.manager, id),
    claims: (id) => loadClaims(db.manager, id),
    claimTimes: (ids, since) => claimTimes(db.manager, ids, since),
    markValidated: (tx, id) => markValidated(tx, id),
  };
}

export interface ValidationParts {
  fake: XFake;
  x: X;
  history: History;
  validation: Validation;
  settings: { current: GroupSettings };
  users: Users;
}

/** A validation service against `fake` on its clock; waiting for an X window moves that clock. `extra`
 * overrides dependencies (e.g. the timeline budget). */
export function buildValidation(db: DataSource, redis: Redis, prefix: string, fake: XFake, agent: https.Agent, extra: Partial<ValidationDeps> = {}): ValidationParts {
  const log = silentLogger();
  const metrics = createMetrics({ defaults: false });
  const x = createX({
    db, redis, prefix, log, metrics, clock: fake.clock,
    // 0: a spent window is never waited for in process, so a 429 always becomes XRateLimitedError.
    config: { apiRoot: fake.apiRoot, bearerToken: fake.bearerToken, maxRateLimitWaitMs: 0 },
    httpsAgent: agent,
    sleep: async (ms) => fake.clock.advance(ms),
  });
  const history = createHistory({ db, log, metrics, clock: fake.clock });
  const notifications = createNotifications({ db, redis, prefix, log, metrics, clock: fake.clock, sendApi: async () => { throw new Error('tests do not deliver'); } });
  const settings = { current: defaultSettings() };
  const users = createUsers({ db, history, clock: fake.clock });
  const validation = createValidation({
    db, x, raids: storeRaids(db), users, groups: { settings: async () => settings.current },
    history, notifications, log, metrics, clock: fake.clock, ...extra,
  });
  return { fake, x, history, validation, settings, users };
}

export interface ValidationHarness extends ValidationParts {
  db: TestDatabase;
  r: TestRedis;
  /** Another validation service on the same database, X fake and settings, with some dependencies changed. */
  validationWith(extra: Partial<ValidationDeps>): Validation;
  close(): Promise<void>;
}

export async function startValidationHarness(label: string, fakeOptions: Parameters<typeof startXFake>[0] = {}): Promise<ValidationHarness> {
  const [fake, db, r] = await Promise.all([startXFake(fakeOptions), freshXDatabase(label), freshRedis()]);
  await ensureValidationSchema(db.dataSource);
  const agent = new https.Agent({ ca: fake.ca });
  const parts = buildValidation(db.dataSource, r.redis, r.prefix, fake, agent);
  return {
    ...parts,
    db,
    r,
    validationWith: (extra) =>
      buildValidation(db.dataSource, r.redis, r.prefix, fake, agent, { groups: { settings: async () => parts.settings.current }, ...extra }).validation,
    async close() {
      agent.destroy();
      await fake.close();
      await r.cleanup();
      await db.drop();
    },
  };
}

/** Total requests the fake has answered, all endpoints. */
export const totalRequests = (fake: XFake) => Object.values(fake.requestCounts()).reduce((a, b) => a + b, 0);
