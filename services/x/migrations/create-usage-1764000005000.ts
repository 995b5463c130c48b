import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsage1764000005000 implements MigrationInterface {
  name = 'CreateUsage1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS x`);
    // One row per purpose, endpoint and UTC day, bumped by increments: a raid's cost is a sum over its
    // purposes (`raid:42:launch`, `raid:42:validation`, ...). Micro-dollars fit bigint with room to spare
    // (9.2e12 dollars), so this is not numeric(78,0) like token amounts.
    await q.query(`
      CREATE TABLE x.usage (
        purpose         text NOT NULL CHECK (purpose <> ''),
        endpoint        text NOT NULL,
        day             date NOT NULL,
        requests        bigint NOT NULL DEFAULT 0 CHECK (requests >= 0),
        resources_read  bigint NOT NULL DEFAULT 0 CHECK (resources_read >= 0),
        cost_micros     bigint NOT NULL DEFAULT 0 CHECK (cost_micros >= 0),
        PRIMARY KEY (purpose, endpoint, day)
      )`);
    // usage('raid:42') sums 'raid:42' and every 'raid:42:...': a prefix search needs pattern ops.
    await q.query(`CREATE INDEX usage_purpose_prefix ON x.usage (purpose text_pattern_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE x.usage`);
    await q.query(`DROP SCHEMA IF EXISTS x`);
  }
}
