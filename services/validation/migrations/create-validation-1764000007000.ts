import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateValidation1764000007000 implements MigrationInterface {
  name = 'CreateValidation1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS validation`);
    // One row per claimant of a validated raid. `actions` and `reasons` keep everything the verdict rests on
    // (statuses, evidence post ids and times, the rule that decided), so a member reading /myraid, an admin
    // deciding, and anyone recomputing the raid's digest all read the same stored facts.
    await q.query(`
      CREATE TABLE validation.outcomes (
        raid_id           bigint NOT NULL,
        telegram_user_id  bigint NOT NULL,
        chat_id           bigint NOT NULL,
        x_user_id         text NOT NULL,
        x_username        text NOT NULL,
        claimed_at        timestamptz NOT NULL,
        actions           jsonb NOT NULL,
        verdict           text NOT NULL CHECK (verdict IN ('accepted', 'flagged', 'rejected')),
        reasons           jsonb NOT NULL DEFAULT '[]'::jsonb,
        points            integer NOT NULL CHECK (points >= 0),
        computed_points   integer NOT NULL CHECK (computed_points >= 0),
        reward            numeric(78,0) CHECK (reward >= 0),
        decided_by        bigint,
        decided_at        timestamptz,
        appeal_text       text,
        appealed_at       timestamptz,
        appeal_state      text NOT NULL DEFAULT 'none' CHECK (appeal_state IN ('none', 'pending', 'upheld', 'overturned')),
        validated_at      timestamptz NOT NULL,
        PRIMARY KEY (raid_id, telegram_user_id)
      )`);
    // Leaderboards sum a group's accepted points over a window; /myraid finds a member's latest outcome.
    await q.query(`CREATE INDEX outcomes_chat_time_idx ON validation.outcomes (chat_id, validated_at)`);
    await q.query(`CREATE INDEX outcomes_member_idx ON validation.outcomes (telegram_user_id, validated_at DESC)`);
    await q.query(`
      CREATE TABLE validation.results (
        raid_id           bigint PRIMARY KEY,
        chat_id           bigint NOT NULL,
        counts            jsonb NOT NULL,
        reward_rule       text,
        reward_remainder  numeric(78,0),
        undistributed     numeric(78,0),
        digest            text NOT NULL,
        x_requests        integer NOT NULL,
        x_cost_micros     bigint NOT NULL,
        validated_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX results_chat_idx ON validation.results (chat_id, validated_at DESC)`);
    // kind 'x' holds an X user id or a lowercase username (what an admin can type without asking X).
    await q.query(`
      CREATE TABLE validation.blacklist (
        chat_id   bigint NOT NULL,
        kind      text NOT NULL CHECK (kind IN ('telegram', 'x')),
        value     text NOT NULL,
        added_by  bigint NOT NULL,
        added_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (chat_id, kind, value)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA validation CASCADE`);
  }
}
