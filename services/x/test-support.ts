// Test helper: a fresh database with this service's migration applied even before services/catalog.ts
// lists it (running it twice would fail, so it checks first).
import { freshDatabase, type TestDatabase } from '../../test/support/database.js';
import { CreateUsage1764000005000 } from './migrations/create-usage-1764000005000.js';

export async function freshXDatabase(label: string): Promise<TestDatabase> {
  const db = await freshDatabase(label);
  const [{ exists }] = await db.dataSource.query(`SELECT to_regclass('x.usage') IS NOT NULL AS exists`);
  if (!exists) {
    const runner = db.dataSource.createQueryRunner();
    try {
      await new CreateUsage1764000005000().up(runner);
    } finally {
      await runner.release();
    }
  }
  return db;
}
