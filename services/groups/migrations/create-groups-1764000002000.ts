import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGroups1764000002000 implements MigrationInterface {
  name = 'CreateGroups1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS groups`);
    await q.query(`
      CREATE TABLE groups.groups (
        chat_id              bigint PRIMARY KEY,
        bot_id               bigint NOT NULL,
        title                text NOT NULL,
        type                 text NOT NULL CHECK (type IN ('group', 'supergroup')),
        active               boolean NOT NULL DEFAULT true,
        bot_status           text NOT NULL DEFAULT 'member',
        bot_rights           jsonb NOT NULL DEFAULT '{}'::jsonb,
        settings             jsonb NOT NULL DEFAULT '{}'::jsonb,
        added_by             bigint,
        registered_at        timestamptz NOT NULL DEFAULT now(),
        removed_at           timestamptz,
        migrated_to_chat_id  bigint,
        admins_synced_at     timestamptz
      )`);
    // The daily refresh walks active groups; keep that scan cheap.
    await q.query(`CREATE INDEX groups_active_idx ON groups.groups (chat_id) WHERE active`);
    await q.query(`
      CREATE TABLE groups.admins (
        chat_id     bigint NOT NULL REFERENCES groups.groups (chat_id),
        user_id     bigint NOT NULL,
        status      text NOT NULL CHECK (status IN ('creator', 'administrator')),
        is_bot      boolean NOT NULL DEFAULT false,
        rights      jsonb NOT NULL DEFAULT '{}'::jsonb,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chat_id, user_id)
      )`);
    await q.query(`CREATE INDEX admins_user_idx ON groups.admins (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA groups CASCADE`);
  }
}
