// Helpers for the validation service's integration tests and bench: this service's migration applied to a
// fresh database even before services/catalog.ts lists it, and a stand-in for group settings (a value the
// tests change). Raids and claims come from raids' own test support (raids/raids.test-support.ts: the raid
// lifecycle is another service's business, and only raids writes its tables); the blacklist is groups' real
// one. X, Postgres, Redis, users, history and the outbox are the real ones.
import https from 'node:https';
import type { DataSource } from 'typeorm';
import type { Redis } from 'ioredis';
import { startXFake, type XFake } from '../../testkit/x/index.js';
import type { TestDatabase } from '../../test/support/database.js';
import { freshRedis, type TestRedis } from '../../test/support/redis.js';
import { silentLogger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { createBlacklist, defaultSettings, type Blacklist, type GroupSettings } from '../groups/index.js';
import { createHistory, type History } from '../history/index.js';
import { createUsers, type Users } from '../users/index.js';
import { createNotifications } from '../notifications/index.js';
import { storeRaids } from '../raids/raids.test-support.js';
import { freshXDatabase } from '../x/x.test-support.js';
import { createX, type X } from '../x/index.js';
import type { ValidationDeps } from './deps.js';
import { CreateValidation1764000007000 } from './migrations/create-validation-1764000007000.js';
import { createValidation, type Validation } from './service.js';
// The bot's own texts, so the tests read what a group is really sent.
import { validationMessages } from '../../bots/features/raid-results/texts.js';

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

export interface ValidationParts {
  fake: XFake;
  x: X;
  history: History;
  validation: Validation;
  settings: { current: GroupSettings };
  users: Users;
  /** Groups' blacklist on the same database: what an admin's /blacklist changes, and validation reads. */
  blacklist: Blacklist;
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
  const blacklist = createBlacklist({ db, history, clock: fake.clock });
  const validation = createValidation({
    db, x, raids: storeRaids(db), users, groups: groupsOf(settings, blacklist),
    history, notifications, log, metrics, clock: fake.clock, messages: () => validationMessages, ...extra,
  });
  return { fake, x, history, validation, settings, users, blacklist };
}

/** What validation reads of groups: the settings the test holds, and the real blacklist. */
function groupsOf(settings: { current: GroupSettings }, blacklist: Blacklist): ValidationDeps['groups'] {
  return { settings: async () => settings.current, blacklist: (chatId) => blacklist.blacklist(chatId) };
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
      buildValidation(db.dataSource, r.redis, r.prefix, fake, agent, { groups: groupsOf(parts.settings, parts.blacklist), ...extra }).validation,
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
