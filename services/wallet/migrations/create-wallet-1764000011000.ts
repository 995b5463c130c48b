import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deposit addresses, derived from the deployment's extended public key (WALLET_XPUB): group i's address is
 * the key's non-hardened child i.
 *
 * - wallet.key: one row. The fingerprint (sha256) of the xpub the addresses were derived from, so a changed
 *   WALLET_XPUB is refused instead of mixing two keys' addresses, and the next index. Assigning takes this
 *   row's lock, so indexes are given out one at a time, without gaps (a wallet that discovers addresses by
 *   scanning, with BIP-44's gap limit of 20, finds them all) and a group asked for twice at once gets one.
 * - wallet.deposit_addresses: one per group, for good: the index and the address are never reused.
 * - wallet.moves: a group upgraded to a supergroup (a new chat id): its address goes on crediting it and
 *   /deposit there shows it. Telegram upgrades a group once (a supergroup never migrates), so one step.
 */
export class CreateWallet1764000011000 implements MigrationInterface {
  name = 'CreateWallet1764000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS wallet`);
    await q.query(`
      CREATE TABLE wallet.key (
        singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        xpub_sha256  text NOT NULL CHECK (xpub_sha256 ~ '^[0-9a-f]{64}$'),
        -- Non-hardened children only: 0 .. 2^31 - 1.
        next_index   bigint NOT NULL DEFAULT 0 CHECK (next_index BETWEEN 0 AND 2147483648),
        created_at   timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE wallet.deposit_addresses (
        chat_id     bigint PRIMARY KEY,
        index       bigint NOT NULL UNIQUE CHECK (index BETWEEN 0 AND 2147483647),
        -- Lower case, so a lookup by what a log or a transaction says needs no case folding.
        address     text NOT NULL UNIQUE CHECK (address ~ '^0x[0-9a-f]{40}$'),
        created_at  timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE wallet.moves (
        from_chat_id  bigint PRIMARY KEY,
        to_chat_id    bigint NOT NULL CHECK (to_chat_id <> from_chat_id),
        moved_at      timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX moves_to_idx ON wallet.moves (to_chat_id)`);
    // Append-only: an address once given out is where money may arrive for years.
    await q.query(`
      CREATE FUNCTION wallet.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'wallet.deposit_addresses is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER deposit_addresses_append_only BEFORE UPDATE OR DELETE ON wallet.deposit_addresses FOR EACH ROW EXECUTE FUNCTION wallet.refuse_change()`);
    await q.query(`CREATE TRIGGER deposit_addresses_no_truncate BEFORE TRUNCATE ON wallet.deposit_addresses FOR EACH STATEMENT EXECUTE FUNCTION wallet.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA wallet CASCADE`);
  }
}
