import 'reflect-metadata';
import pg from 'pg';
import { DataSource, type EntityManager, type MixedList, type EntitySchema } from 'typeorm';

/** A transaction (or the plain manager outside one). Services take it so a change, its history event and
 * its outbox messages commit together. */
export type Tx = EntityManager;

export interface DatabaseOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: MixedList<Function | string | EntitySchema<any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
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
      options: '-c TimeZone=UTC',
    },
  });
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
export async function openDatabase(options: DatabaseOptions & { migrate: boolean }): Promise<DataSource> {
  if (options.migrate) await ensureDatabase(options.url);
  const dataSource = createDataSource(options);
  await dataSource.initialize();
  if (options.migrate) {
    const lock = new pg.Client({ connectionString: options.url });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await dataSource.runMigrations({ transaction: 'each' });
    } catch (error) {
      await dataSource.destroy();
      throw error;
    } finally {
      await lock.end();
    }
  }
  return dataSource;
}

/** What each service's index.ts exports so the composition root can build one DataSource for all. */
export interface ServiceSchema {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}

/** Runs an UPDATE or DELETE and returns how many rows it changed. TypeORM's postgres driver answers these
 * statements with `[rows, rowCount]` rather than the rows, so `result.length` would always be 2. */
export async function affectedRows(tx: Tx, sql: string, params: unknown[]): Promise<number> {
  const [, count] = (await tx.query(sql, params)) as [unknown, number];
  return count;
}
