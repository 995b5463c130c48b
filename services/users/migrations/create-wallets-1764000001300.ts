import type { MigrationInterface, QueryRunner } from 'typeorm';

// Members' linked EVM wallets, each proven by a signed EIP-4361 message (wallets.ts). The address is the
// key: one wallet belongs to one member, so a payout or a withdrawal to it can never reach two accounts.
// A member may hold several (one per wallet app, a new one after losing an old key) and re-linking one
// changes nothing; there is no cap, because without an unlink a cap would lock a member out. Stored
// lowercased (the CHECK keeps it so): EIP-55 checksums are a display matter and would let one wallet
// appear twice. The signed message and signature are kept in the history event of the link.
export class CreateWallets1764000001300 implements MigrationInterface {
  name = 'CreateWallets1764000001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users.wallets (
        address      text PRIMARY KEY CHECK (address ~ '^0x[0-9a-f]{40}$'),
        telegram_id  bigint NOT NULL REFERENCES users.users (telegram_id),
        linked_at    timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX wallets_telegram_id_idx ON users.wallets (telegram_id, linked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.wallets`);
  }
}
