import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One row naming this database. Redis outlives databases (a restore, a fresh database beside old Redis,
 * two deployments on one Redis): job ids built from row ids alone (`end-1`) would then meet the old
 * database's jobs of the same name. Job ids and payloads carry this id, so they never do. */
export class CreateInstallation1764000000100 implements MigrationInterface {
  name = 'CreateInstallation1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`
      CREATE TABLE platform.installation (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- At most one row.
        one        boolean NOT NULL DEFAULT true UNIQUE CHECK (one)
      )`);
    await q.query(`INSERT INTO platform.installation DEFAULT VALUES`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA platform CASCADE`);
  }
}
