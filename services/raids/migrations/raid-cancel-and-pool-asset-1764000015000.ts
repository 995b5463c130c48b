import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A raid an admin cancels (cancel.ts) ends as 'cancelled': never validated, claims closed, its held pool
 * back to the group at once (the void posting's id is kept so validation's payout record can name it).
 * And a funded pool's asset (chain id + token address) is stored at launch, so the payout pays in the asset
 * that was held even if the chains' token list changes meanwhile. Raids launched before this column keep
 * NULL there; payout then looks the symbol up as it did (the fallback in raids' `poolAsset`).
 */
export class RaidCancelAndPoolAsset1764000015000 implements MigrationInterface {
  name = 'RaidCancelAndPoolAsset1764000015000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE raids.raids DROP CONSTRAINT raids_status_check`);
    await q.query(`ALTER TABLE raids.raids ADD CONSTRAINT raids_status_check CHECK (status IN ('active', 'ended', 'validated', 'cancelled'))`);
    await q.query(`
      ALTER TABLE raids.raids
        ADD COLUMN cancelled_at          timestamptz,
        ADD COLUMN cancelled_by          bigint,
        ADD COLUMN pool_void_posting_id  bigint,
        ADD COLUMN pool_chain_id         bigint,
        ADD COLUMN pool_token_address    text,
        ADD CONSTRAINT raids_pool_asset_whole CHECK ((pool_chain_id IS NULL) = (pool_token_address IS NULL)),
        ADD CONSTRAINT raids_cancelled_when CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE raids.raids
        DROP CONSTRAINT raids_cancelled_when, DROP CONSTRAINT raids_pool_asset_whole,
        DROP COLUMN pool_token_address, DROP COLUMN pool_chain_id, DROP COLUMN pool_void_posting_id,
        DROP COLUMN cancelled_by, DROP COLUMN cancelled_at`);
    await q.query(`ALTER TABLE raids.raids DROP CONSTRAINT raids_status_check`);
    await q.query(`ALTER TABLE raids.raids ADD CONSTRAINT raids_status_check CHECK (status IN ('active', 'ended', 'validated'))`);
  }
}
