import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deposit scanner's state (schema `deposits`):
 * - cursors: per chain, the last block scanned (number and hash) and the head seen at that pass; the scanner
 *   resumes from here after a crash, so it is written in the transaction that records the range's deposits.
 * - blocks: the hashes of the recent blocks read per chain, to find the common ancestor after a reorg.
 * - deposits: one row per transfer to a watched address, unique by (chain, tx hash, log index; -1 for a
 *   native transfer). `seen` (pending, confirmations counting), `credited` (posted to the ledger, in the same
 *   transaction as this status change), `dropped` (its block left the chain before it was credited; it comes
 *   back to `seen` if a rescan finds it re-included), `reversed` (credited, then a reorg deeper than the
 *   confirmations removed it for good: a correcting posting took it back; postings are never updated).
 *   A credited row changes only its location (found again on the new branch), its reorg flag, or to
 *   `reversed` with the correcting posting's id (trigger). A reversed one found again later is pending again
 *   with `generation` + 1, so its next credit takes a new idempotency key.
 */
export class CreateDeposits1764000012000 implements MigrationInterface {
  name = 'CreateDeposits1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS deposits`);
    await q.query(`
      CREATE TABLE deposits.cursors (
        chain_id     bigint PRIMARY KEY,
        block_number bigint NOT NULL CHECK (block_number >= 0),
        block_hash   text NOT NULL,
        head_number  bigint NOT NULL,
        updated_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE deposits.blocks (
        chain_id    bigint NOT NULL,
        number      bigint NOT NULL,
        hash        text NOT NULL,
        parent_hash text NOT NULL,
        PRIMARY KEY (chain_id, number)
      )`);
    await q.query(`
      CREATE TABLE deposits.deposits (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        chain_id      bigint NOT NULL,
        tx_hash       text NOT NULL CHECK (tx_hash ~ '^0x[0-9a-f]{64}$'),
        log_index     integer NOT NULL CHECK (log_index >= -1),
        block_number  bigint NOT NULL,
        block_hash    text NOT NULL,
        token         text NOT NULL CHECK (token = 'native' OR token ~ '^0x[0-9a-f]{40}$'),
        from_address  text NOT NULL,
        to_address    text NOT NULL CHECK (to_address ~ '^0x[0-9a-f]{40}$'),
        chat_id       bigint NOT NULL,
        amount        numeric(78,0) NOT NULL CHECK (amount > 0),
        status        text NOT NULL CHECK (status IN ('seen', 'credited', 'dropped', 'reversed')),
        generation    integer NOT NULL DEFAULT 0,
        reversal_posting_id text,
        confirmations integer NOT NULL DEFAULT 0,
        seen_at       timestamptz NOT NULL,
        credited_at   timestamptz,
        posting_id    text,
        reorged_at    timestamptz,
        UNIQUE (chain_id, tx_hash, log_index),
        CHECK ((status IN ('credited', 'reversed')) = (posting_id IS NOT NULL)),
        CHECK ((status = 'reversed') = (reversal_posting_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX deposits_due ON deposits.deposits (chain_id, block_number) WHERE status = 'seen'`);
    await q.query(`CREATE INDEX deposits_by_chat ON deposits.deposits (chat_id, id DESC)`);
    await q.query(`
      CREATE FUNCTION deposits.credited_stays() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status IN ('credited', 'reversed') AND (NEW.amount <> OLD.amount OR NEW.chat_id <> OLD.chat_id OR NEW.token <> OLD.token
            OR NEW.to_address <> OLD.to_address OR NEW.generation < OLD.generation) THEN
          RAISE EXCEPTION 'deposit %: a credited deposit''s amount and owner never change (correct it with a new posting)', OLD.id;
        END IF;
        IF OLD.status = 'credited' AND NOT (
             (NEW.status = 'credited' AND NEW.posting_id = OLD.posting_id)
          OR (NEW.status = 'reversed' AND NEW.posting_id = OLD.posting_id AND NEW.reversal_posting_id IS NOT NULL)) THEN
          RAISE EXCEPTION 'deposit % is credited: it stays credited or is reversed by a correcting posting', OLD.id;
        END IF;
        IF OLD.status = 'reversed' AND NOT (
             (NEW.status = 'reversed' AND NEW.reversal_posting_id = OLD.reversal_posting_id)
          OR (NEW.status = 'seen' AND NEW.generation = OLD.generation + 1)) THEN
          RAISE EXCEPTION 'deposit % is reversed: it is pending again only as a new generation', OLD.id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER deposits_credited_stays BEFORE UPDATE ON deposits.deposits FOR EACH ROW EXECUTE FUNCTION deposits.credited_stays()`);
    await q.query(`
      CREATE FUNCTION deposits.no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'deposits are never deleted'; END $$`);
    await q.query(`CREATE TRIGGER deposits_no_delete BEFORE DELETE OR TRUNCATE ON deposits.deposits FOR EACH STATEMENT EXECUTE FUNCTION deposits.no_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA deposits CASCADE`);
  }
}
