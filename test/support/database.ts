import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropDatabase, openDatabase } from '../../services/platform/database.js';
import { migrations } from '../../services/catalog.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A brand-new database with every committed migration applied: each test file gets its own. */
export async function freshDatabase(label = 'test'): Promise<TestDatabase> {
  const url = new URL(ADMIN_URL);
  url.pathname = `/warhorn_${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const dataSource = await openDatabase({ url: url.toString(), migrations, migrate: true, poolSize: 10 });
  return {
    url: url.toString(),
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(url.toString());
    },
  };
}
