import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The blacklist is a group's list, kept by its admins: it moves from validation's schema to groups', rows
 * and all (SET SCHEMA keeps its data, key and check). Groups' migrations sort before validation's, so on a
 * new database validation.blacklist does not exist yet: the table is made here, and validation's own
 * CreateValidation, which still makes an empty one, is followed by DropMovedBlacklist1764000007100.
 */
export class GroupBlacklist1764000002100 implements MigrationInterface {
  name = 'GroupBlacklist1764000002100';

  async up(q: QueryRunner): Promise<void> {
    const [{ moved }] = await q.query(`SELECT to_regclass('validation.blacklist') IS NOT NULL AS moved`);
    if (moved) {
      await q.query(`ALTER TABLE validation.blacklist SET SCHEMA groups`);
      return;
    }
    // kind 'x' holds an X user id or a lowercase username (what an admin can type without asking X).
    await q.query(`
      CREATE TABLE groups.blacklist (
        chat_id   bigint NOT NULL,
        kind      text NOT NULL CHECK (kind IN ('telegram', 'x')),
        value     text NOT NULL,
        added_by  bigint NOT NULL,
        added_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chat_id, kind, value)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Back where it came from when validation's schema is still there (a step back), gone with groups otherwise.
    const [{ back }] = await q.query(`SELECT to_regnamespace('validation') IS NOT NULL AS back`);
    if (back) await q.query(`ALTER TABLE groups.blacklist SET SCHEMA validation`);
    else await q.query(`DROP TABLE groups.blacklist`);
  }
}
