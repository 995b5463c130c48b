import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * history.events: what happened, inserted by the business transaction itself.
 * history.seals: the hash chain over those events, written later by the sealer (seal.ts).
 * Both are append-only: statement-level triggers refuse UPDATE, DELETE and TRUNCATE (statement level so even
 * an UPDATE that matches nothing is refused, which makes mistakes loud). A superuser can still bypass the
 * triggers (session_replication_role = replica); verify() is what catches that.
 */
export class CreateHistory1764000003000 implements MigrationInterface {
  name = 'CreateHistory1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS history`);
    await q.query(`
      CREATE TABLE history.events (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at   timestamptz NOT NULL DEFAULT now(),
        actor_kind    text NOT NULL CHECK (actor_kind IN ('user', 'bot', 'system', 'admin')),
        actor_id      text,
        action        text NOT NULL CHECK (action <> ''),
        subject_kind  text NOT NULL CHECK (subject_kind <> ''),
        subject_id    text NOT NULL,
        data          jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- Top-level id of the inserting transaction: the sealer only chains events whose xid is below the
        -- oldest still-running xid, i.e. whose transaction has finished and can no longer change.
        xid           xid8 NOT NULL DEFAULT pg_current_xact_id()
      )`);
    await q.query(`CREATE INDEX events_subject_idx ON history.events (subject_kind, subject_id, id DESC)`);
    await q.query(`CREATE INDEX events_xid_idx ON history.events (xid)`);

    // A caller-supplied xid below the sealer's bound would slip past it forever; the xid is not an input.
    await q.query(`
      CREATE FUNCTION history.stamp_xid() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.xid := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_stamp_xid BEFORE INSERT ON history.events
        FOR EACH ROW EXECUTE FUNCTION history.stamp_xid()`);

    await q.query(`
      CREATE TABLE history.seals (
        seq        bigint PRIMARY KEY CHECK (seq > 0),
        event_id   bigint NOT NULL UNIQUE REFERENCES history.events (id),
        prev_hash  bytea NOT NULL CHECK (length(prev_hash) = 32),
        hash       bytea NOT NULL CHECK (length(hash) = 32),
        -- The batch this seal belongs to: events with xid_from <= xid < xid_to, chained in id order.
        -- xid_to is the pg_snapshot_xmin the sealer used; the next batch starts there.
        xid_from   xid8 NOT NULL,
        xid_to     xid8 NOT NULL,
        sealed_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (xid_from < xid_to)
      )`);

    await q.query(`
      CREATE FUNCTION history.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'history.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege',
                HINT = 'History is never rewritten; record a new event instead.';
      END $$`);
    for (const table of ['events', 'seals']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON history.${table}
          FOR EACH STATEMENT EXECUTE FUNCTION history.refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA history CASCADE`);
  }
}
