import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A message may be superseded before it is sent (a raid card's progress edit, once the raid has ended):
 * it then never goes out, and says why. */
export class OutboxSuperseded1764000004100 implements MigrationInterface {
  name = 'OutboxSuperseded1764000004100';

  async up(q: QueryRunner): Promise<void> {
    const [row] = (await q.query(`
      SELECT conname FROM pg_constraint
       WHERE conrelid = 'notifications.outbox'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%''failed''%'`)) as Array<{ conname: string }>;
    if (row) await q.query(`ALTER TABLE notifications.outbox DROP CONSTRAINT "${row.conname}"`);
    await q.query(`ALTER TABLE notifications.outbox ADD CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'sent', 'failed', 'superseded'))`);
    // Finding a card's pending edits by key prefix.
    await q.query(`CREATE INDEX outbox_pending_keys ON notifications.outbox (bot_id, dedupe_key text_pattern_ops) WHERE state = 'pending' AND dedupe_key IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.outbox_pending_keys`);
    await q.query(`ALTER TABLE notifications.outbox DROP CONSTRAINT outbox_state_check`);
    await q.query(`ALTER TABLE notifications.outbox ADD CHECK (state IN ('pending', 'sent', 'failed'))`);
  }
}
