import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per funded raid whose pool was settled (paid out or voided back to the group), written in the
 * settling transaction beside its ledger posting: the primary key makes a second settlement (a retried job,
 * the sweep racing a decision) wait, then find it done, so the payout's history event is written once.
 * 'unheld' (no posting) marks a pool that was never held (launched while money was off), so the sweep stops
 * looking at it.
 */
export class CreatePayouts1764000007200 implements MigrationInterface {
  name = 'CreatePayouts1764000007200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE validation.payouts (
      raid_id bigint PRIMARY KEY,
      chat_id bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('paid', 'voided', 'unheld')),
      posting_id bigint,
      settled_at timestamptz NOT NULL,
      summary jsonb NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE validation.payouts`);
  }
}
