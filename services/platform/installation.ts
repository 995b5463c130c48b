import type { DataSource } from 'typeorm';
import type { ServiceSchema } from './database.js';
import { CreateInstallation1764000000100 } from './migrations/create-installation-1764000000100.js';

export const platformSchema: ServiceSchema = { migrations: [CreateInstallation1764000000100] };

/** This database's id (see the migration): read once at start and given to whatever names jobs in Redis. */
export async function readInstallationId(db: DataSource): Promise<string> {
  const [row] = (await db.query(`SELECT id::text AS id FROM platform.installation`)) as Array<{ id: string }>;
  if (!row) throw new Error('platform.installation is empty: run the migrations (warhorn migrate)');
  return row.id;
}
