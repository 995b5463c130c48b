import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger: double-entry bookkeeping of token amounts, exact (numeric(78,0) holds any uint256).
 *
 * - ledger.accounts: one row per (kind, owner, asset); immutable once made (created on first use).
 * - ledger.postings + ledger.lines: append-only. A posting's lines sum to zero per asset (a deferred
 *   constraint trigger checks it at commit, so the lines of one posting may arrive in several statements);
 *   lines can be added only by the transaction that made the posting; UPDATE, DELETE and TRUNCATE are refused.
 * - ledger.balances: one row per account, kept by the lines' own trigger in the inserting transaction.
 *
 * Why balances are stored and not computed (SUM of lines): "cannot go below zero" must hold under concurrency.
 * A computed balance is checked by reading, then writing; two transactions under READ COMMITTED would each
 * read the same balance and both spend it (only SERIALIZABLE or an explicit lock would stop that, and both
 * cost every caller). A stored balance is one row: `UPDATE ... SET balance = balance + d` takes its row lock,
 * so writers of one account queue on it and each sees the committed result of the one before (Postgres
 * re-checks the row after the wait), and the CHECK refuses the one that would go negative. Reading a balance
 * is one row, not a scan of history. The trigger keeps it, so a posting written by raw SQL moves it too.
 * A superuser can still bypass triggers (session_replication_role = replica); the balances can be recomputed
 * from the lines to catch that (ledger.test-support.ts does it in the tests).
 */
export class CreateLedger1764000010000 implements MigrationInterface {
  name = 'CreateLedger1764000010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS ledger`);
    await q.query(`
      CREATE TABLE ledger.accounts (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind      text NOT NULL CHECK (kind IN ('group_balance', 'group_pool', 'member_rewards', 'withdrawals_in_flight', 'fees', 'chain')),
        owner     text NOT NULL CHECK (owner <> ''),
        chain_id  integer NOT NULL CHECK (chain_id > 0),
        token     text NOT NULL CHECK (token = 'native' OR token ~ '^0x[0-9a-f]{40}$'),
        UNIQUE (kind, owner, chain_id, token),
        -- The target of the lines' foreign key, so a line's asset is always its account's asset.
        UNIQUE (id, chain_id, token)
      )`);
    await q.query(`
      CREATE TABLE ledger.balances (
        account_id  bigint PRIMARY KEY REFERENCES ledger.accounts (id),
        kind        text NOT NULL,
        balance     numeric(78,0) NOT NULL DEFAULT 0,
        -- Lines applied so far: the next line's account_seq.
        lines       bigint NOT NULL DEFAULT 0,
        -- The chain is the outside world: what came in from it shows as its negative balance.
        CONSTRAINT balances_non_negative CHECK (kind = 'chain' OR balance >= 0)
      )`);
    await q.query(`
      CREATE TABLE ledger.postings (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        idempotency_key  text NOT NULL UNIQUE CHECK (idempotency_key <> ''),
        kind             text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]*$'),
        memo             text,
        created_at       timestamptz NOT NULL,
        reference        jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(reference) = 'object'),
        -- sha256 of the posting's content (content-digest.ts): a repeated key is the same posting only if equal.
        content_digest   bytea NOT NULL CHECK (length(content_digest) = 32),
        -- The transaction that made it: only that one may add its lines.
        xid              xid8 NOT NULL DEFAULT pg_current_xact_id()
      )`);
    await q.query(`
      CREATE TABLE ledger.lines (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        posting_id     bigint NOT NULL REFERENCES ledger.postings (id),
        account_id     bigint NOT NULL,
        chain_id       integer NOT NULL,
        token          text NOT NULL,
        amount         numeric(78,0) NOT NULL CHECK (amount <> 0),
        -- The account's balance just after this line (set by the trigger, whatever the insert said).
        balance_after  numeric(78,0) NOT NULL DEFAULT 0,
        -- 1, 2, 3... per account in the order the lines were applied (set by the trigger). Not the line id:
        -- ids are drawn before the row lock is waited for, so two writers of one account can apply in the
        -- other order; this one follows the commits, so a statement paged by it never misses a later line.
        account_seq    bigint NOT NULL DEFAULT 0,
        FOREIGN KEY (account_id, chain_id, token) REFERENCES ledger.accounts (id, chain_id, token)
      )`);
    await q.query(`CREATE INDEX lines_posting_idx ON ledger.lines (posting_id)`);
    await q.query(`CREATE UNIQUE INDEX lines_account_seq_idx ON ledger.lines (account_id, account_seq)`);

    // The xid is not an input: a posting claiming another transaction's xid could be extended later.
    await q.query(`
      CREATE FUNCTION ledger.stamp_posting() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.xid := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER postings_stamp BEFORE INSERT ON ledger.postings FOR EACH ROW EXECUTE FUNCTION ledger.stamp_posting()`);

    await q.query(`
      CREATE FUNCTION ledger.open_balance() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ledger.balances (account_id, kind) VALUES (NEW.id, NEW.kind);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER accounts_open_balance AFTER INSERT ON ledger.accounts FOR EACH ROW EXECUTE FUNCTION ledger.open_balance()`);

    // Each line moves its account's balance as it is inserted. The row lock taken here is what serialises
    // writers of one account; the code inserts a posting's lines in account id order, so two postings never
    // wait on each other's accounts crosswise (no deadlock).
    await q.query(`
      CREATE FUNCTION ledger.apply_line() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        made_by xid8;
        after numeric(78,0);
        seq bigint;
        acct record;
      BEGIN
        SELECT xid INTO made_by FROM ledger.postings WHERE id = NEW.posting_id;
        IF made_by IS DISTINCT FROM pg_current_xact_id() THEN
          RAISE EXCEPTION 'ledger posting % is already committed: its lines cannot change', NEW.posting_id
            USING ERRCODE = 'insufficient_privilege', HINT = 'Corrections are new postings.';
        END IF;
        UPDATE ledger.balances SET balance = balance + NEW.amount, lines = lines + 1
          WHERE account_id = NEW.account_id AND (kind = 'chain' OR balance + NEW.amount >= 0)
          RETURNING balance, lines INTO after, seq;
        IF NOT FOUND THEN
          SELECT a.kind, a.owner, a.chain_id, a.token, b.balance INTO acct
            FROM ledger.accounts a JOIN ledger.balances b ON b.account_id = a.id WHERE a.id = NEW.account_id;
          RAISE EXCEPTION 'ledger: % % on chain % (%) holds %, cannot take %', acct.kind, acct.owner, acct.chain_id, acct.token, acct.balance, -NEW.amount
            USING ERRCODE = 'check_violation', CONSTRAINT = 'balances_non_negative',
                  DETAIL = json_build_object('kind', acct.kind, 'owner', acct.owner, 'chainId', acct.chain_id, 'token', acct.token,
                                             'balance', acct.balance::text, 'amount', NEW.amount::text)::text;
        END IF;
        NEW.balance_after := after;
        NEW.account_seq := seq;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER lines_apply BEFORE INSERT ON ledger.lines FOR EACH ROW EXECUTE FUNCTION ledger.apply_line()`);

    // At commit: the posting's lines sum to zero per asset, and a posting has lines at all. Once per posting,
    // not per line: apply_line lets only the posting's own transaction add its lines, so every line belongs
    // to a posting inserted in the committing transaction, and that posting's check sees them all. (It runs
    // while the lines' row locks are held, so one query per posting, not one per line, is what a busy
    // account waits for. A transaction that says SET CONSTRAINTS ALL IMMEDIATE before posting is refused:
    // the check would run before the lines exist.)
    await q.query(`
      CREATE FUNCTION ledger.check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        bad record;
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM ledger.lines WHERE posting_id = NEW.id) THEN
          RAISE EXCEPTION 'ledger posting % has no lines', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'postings_balanced';
        END IF;
        SELECT chain_id, token, sum(amount) AS total INTO bad FROM ledger.lines
          WHERE posting_id = NEW.id GROUP BY chain_id, token HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger posting % does not balance: its lines on chain % (%) sum to %', NEW.id, bad.chain_id, bad.token, bad.total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'postings_balanced';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON ledger.postings
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger.check_balanced()`);

    // Statement level, so even a change that matches no row is refused: mistakes are loud.
    await q.query(`
      CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege', HINT = 'Corrections are new postings.';
      END $$`);
    for (const table of ['accounts', 'postings', 'lines']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger.${table}
          FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()`);
    }
    // Balances change only through the triggers above (depth 2: a line's or an account's trigger).
    await q.query(`
      CREATE FUNCTION ledger.guard_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF pg_trigger_depth() < 2 THEN
          RAISE EXCEPTION 'ledger.balances follow the lines: % is not allowed', TG_OP
            USING ERRCODE = 'insufficient_privilege', HINT = 'Post a posting instead.';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER balances_follow_lines BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON ledger.balances
        FOR EACH STATEMENT EXECUTE FUNCTION ledger.guard_balances()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA ledger CASCADE`);
  }
}
