import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blacklist belongs to groups now (GroupBlacklist1764000002100 moved it, rows and all). Groups'
 * migrations sort before validation's, so on a new database CreateValidation1764000007000 runs after that
 * move and still makes an empty validation.blacklist: it goes here. A table with rows would mean the move
 * did not happen; then the migration stops rather than drop an admin's list.
 */
export class DropMovedBlacklist1764000007100 implements MigrationInterface {
  name = 'DropMovedBlacklist1764000007100';

  async up(q: QueryRunner): Promise<void> {
    const [{ left }] = await q.query(`SELECT to_regclass('validation.blacklist') IS NOT NULL AS left`);
    if (!left) return;
    const [{ rows }] = await q.query(`SELECT count(*)::int AS rows FROM validation.blacklist`);
    if (rows > 0) throw new Error(`validation.blacklist still holds ${rows} rows: GroupBlacklist1764000002100 should have moved it to groups`);
    await q.query(`DROP TABLE validation.blacklist`);
  }

  async down(): Promise<void> {
    // Nothing to put back: the list lives in groups.blacklist, and GroupBlacklist's down moves it back.
  }
}
