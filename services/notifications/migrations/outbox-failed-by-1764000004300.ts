import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a message failed for good: Telegram refused it (`refused`: blocked, kicked, a bad request; sending it
 * again would fail the same way), or Telegram or the network stayed unavailable past the retry budget
 * (`outage`): such a message can be sent again once things are back (`warhorn outbox redrive`). */
export class OutboxFailedBy1764000004300 implements MigrationInterface {
  name = 'OutboxFailedBy1764000004300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.outbox ADD COLUMN failed_by text CHECK (failed_by IN ('refused', 'outage'))`);
    // When the retry budget of a re-driven message starts (its created_at stays when it was first queued).
    await q.query(`ALTER TABLE notifications.outbox ADD COLUMN retry_since timestamptz`);
    // Rows failed before: a 5xx or network reason was an outage.
    await q.query(`
      UPDATE notifications.outbox SET failed_by = CASE WHEN last_error ~ '^(5[0-9][0-9]:|network:|error:)' THEN 'outage' ELSE 'refused' END
       WHERE state = 'failed'`);
    await q.query(`CREATE INDEX outbox_failed_by_outage ON notifications.outbox (finished_at) WHERE state = 'failed' AND failed_by = 'outage'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.outbox_failed_by_outage`);
    await q.query(`ALTER TABLE notifications.outbox DROP COLUMN failed_by, DROP COLUMN retry_since`);
  }
}
