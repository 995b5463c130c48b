import 'reflect-metadata';
import pg from 'pg';
import { DataSource, type DataSourceOptions, type EntityManager, type MixedList, type QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { counter, type Registry } from './metrics.js';
import { DEFAULT_TRANSACTION_RETRY, retryOnConflict, type TransactionRetryPolicy } from './transaction-retry.js';

/** A transaction (or the plain manager outside one). Services take it so a change, its history event and
 * its outbox messages commit together. */
export type Tx = EntityManager;

export interface DatabaseOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /** Counts transactions retried after a conflict (`warhorn_db_transaction_retries_total`). */
  metrics?: Registry;
  retry?: TransactionRetryPolicy;
  /** Deadlines (see DatabaseTimeouts); none for the connection that runs migrations. */
  timeouts?: DatabaseTimeouts;
}

/** Every wait on Postgres has an end, so a stalled or blackholed database fails calls (which are retried:
 * updates redelivered, jobs rerun, loops on their next tick) instead of hanging them, and the one process
 * loop stuck on it does not wedge the rest. */
export interface DatabaseTimeouts {
  /** A new connection must be made within this (pool `connectionTimeoutMillis`). */
  connectMs: number;
  /** Postgres cancels a statement running longer (`statement_timeout`). */
  statementMs: number;
  /** The client gives up waiting for an answer a little later (pg `query_timeout`): a server that gets no
   * packets cannot cancel anything itself. */
  answerMs: number;
  /** Postgres ends a session left idle inside a transaction this long (`idle_in_transaction_session_timeout`):
   * an open transaction anywhere in the cluster holds back the history sealer (pg_snapshot_xmin). */
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = { connectMs: 5000, statementMs: 30_000, answerMs: 35_000, idleInTransactionMs: 60_000 };

/** A DataSource whose `transaction()` runs the whole transaction again, a bounded number of times with
 * jittered backoff, when Postgres aborts it for a serialization failure, a deadlock or a lock timeout
 * (see transaction-retry.ts). Every service opens its transactions through this one method, so each gets
 * the retry without a call site to forget. The callback may therefore run more than once: it must do
 * nothing outside the transaction that cannot be repeated (Telegram and X calls happen before or after). */
export class RetryingDataSource extends DataSource {
  constructor(
    options: DataSourceOptions,
    private readonly retry: TransactionRetryPolicy,
    private readonly onRetry: (reason: string) => void,
  ) {
    super(options);
  }

  override transaction<T>(run: (tx: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolation: IsolationLevel, run: (tx: EntityManager) => Promise<T>): Promise<T>;
  override transaction<T>(isolationOrRun: IsolationLevel | ((tx: EntityManager) => Promise<T>), maybeRun?: (tx: EntityManager) => Promise<T>): Promise<T> {
    const once = typeof isolationOrRun === 'function'
      ? () => super.transaction(isolationOrRun)
      : () => super.transaction(isolationOrRun, maybeRun!);
    return retryOnConflict(once, this.retry, (reason) => this.onRetry(reason));
  }

  /** The same retry for work that is one statement on its own (autocommit: atomic without BEGIN/COMMIT). */
  retrying<T>(work: () => Promise<T>): Promise<T> {
    return retryOnConflict(work, this.retry, (reason) => this.onRetry(reason));
  }
}

/** Runs a single autocommit statement with the data source's conflict retry (see RetryingDataSource). */
export function retryingStatement<T>(db: DataSource, work: () => Promise<T>): Promise<T> {
  return db instanceof RetryingDataSource ? db.retrying(work) : work();
}

export function createDataSource(options: DatabaseOptions): DataSource {
  const retries = options.metrics
    ? counter(options.metrics, 'warhorn_db_transaction_retries_total', 'Transactions run again after Postgres aborted them for a conflict', ['reason'])
    : undefined;
  const t = options.timeouts;
  return new RetryingDataSource({
    type: 'postgres',
    url: options.url,
    migrations: options.migrations,
    migrationsTableName: 'warhorn_migrations',
    // Migrations are committed and explicit; never let TypeORM alter a real schema.
    synchronize: false,
    migrationsRun: false,
    logging: false,
    // Each migration runs in its own transaction so a failure leaves the earlier ones applied.
    migrationsTransactionMode: 'each',
    extra: {
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'warhorn',
      // Timestamps are read and written in UTC whatever the server's default is.
      options: ['-c TimeZone=UTC', ...(t ? [`-c statement_timeout=${t.statementMs}`, `-c idle_in_transaction_session_timeout=${t.idleInTransactionMs}`] : [])].join(' '),
      // TCP keepalive notices a peer that went away without a word (a NAT dropped the connection).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(t ? { connectionTimeoutMillis: t.connectMs, query_timeout: t.answerMs } : {}),
    },
  }, options.retry ?? DEFAULT_TRANSACTION_RETRY, (reason) => retries?.inc({ reason }));
}

/** Creates the database named in the URL if it does not exist yet (connecting to the `postgres` database). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      // Two processes starting at once may race to create it; the loser finds it there.
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/** Whether the database named in the URL exists (asked of the `postgres` database on the same server). */
export async function databaseExists(url: string): Promise<boolean> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// Any constant will do; it only has to be the same in every process of one deployment.
const MIGRATION_LOCK = 7_265_736_101;

/** Opens the data source, creating the database and running pending migrations first. Several processes
 * may start together (one per role): a session advisory lock lets one migrate while the others wait. */
export async function openDatabase(options: DatabaseOptions & { migrate: boolean; onMigrated?: (applied: string[]) => void }): Promise<DataSource> {
  if (options.migrate) {
    await ensureDatabase(options.url);
    // Migrations run without the statement deadline (an index on a big table may take minutes), on a data
    // source of their own that is closed when they are done.
    const migrator = createDataSource({ ...options, timeouts: undefined, poolSize: 2 });
    await migrator.initialize();
    const lock = new pg.Client({ connectionString: options.url });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      const applied = await migrator.runMigrations({ transaction: 'each' });
      options.onMigrated?.(applied.map((m) => m.name));
    } finally {
      await lock.end();
      await migrator.destroy();
    }
  }
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  if (options.timeouts) evictOnReadTimeout(dataSource);
  return dataSource;
}

type PgClient = { query: (...args: unknown[]) => unknown; connection: { stream: { destroy(): void } } };

/**
 * pg's query_timeout fails the caller but leaves the connection as it was: its query is still out, so the
 * client waits for an answer that a dead connection (a NAT that forgot it, a host that vanished without a
 * word) never sends, and TypeORM hands it back to the pool, where every later checkout times out on it
 * too. A client whose query timed out is therefore closed; the pool drops it and connects afresh.
 */
function evictOnReadTimeout(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: { on(event: 'acquire', listener: (client: PgClient) => void): void } }).master;
  const watched = new WeakSet<PgClient>();
  // On checkout rather than on connect: the pool's first client was made while the data source initialised.
  pool?.on('acquire', (client) => {
    if (watched.has(client)) return;
    watched.add(client);
    const query = client.query.bind(client);
    client.query = (...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if ((error as Error | undefined)?.message === 'Query read timeout') client.connection.stream.destroy();
        });
      }
      return result;
    };
  });
}

/** What each service's index.ts exports so the composition root can migrate one database for all. Services
 * write SQL through `Tx`, so there are no entity classes to register. */
export interface ServiceSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** Runs a statement as a named prepared statement: Postgres parses and plans it once per connection instead
 * of on every call. For statements on a hot path whose planning costs as much as their execution (the
 * outbox's insert). Goes to the pg client under TypeORM (the transaction's own connection inside one), so
 * errors are pg's own (`code` set, as conflictOf and isInfrastructureError read it). */
export async function preparedQuery<R>(tx: Tx, name: string, text: string, values: unknown[]): Promise<R[]> {
  type PgQueryable = { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }> };
  const runner = tx.queryRunner as (QueryRunner & { connect(): Promise<PgQueryable> }) | undefined;
  const target: PgQueryable = runner ? await runner.connect() : ((tx.connection.driver as unknown as { master: PgQueryable }).master);
  return (await target.query({ name, text, values })).rows;
}

/** Runs an UPDATE or DELETE and returns how many rows it changed. TypeORM's postgres driver answers these
 * statements with `[rows, rowCount]` rather than the rows, so `result.length` would always be 2. */
export async function affectedRows(tx: Tx, sql: string, params: unknown[]): Promise<number> {
  const [, count] = (await tx.query(sql, params)) as [unknown, number];
  return count;
}
