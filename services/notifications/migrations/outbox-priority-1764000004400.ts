import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A message's priority: 1 high, 2 normal (what every row so far was), 3 low; lower goes first, as BullMQ
 * numbers its job priorities. Within a chat's lane the next message is the pending one of the lowest
 * (priority, seq) among those not yet out, and a lane has at most one message out (handed to BullMQ and
 * still pending: `enqueued_at` set) at any time, which a unique index now enforces: a later message of
 * higher priority may overtake the lane's waiting ones but never the one already out. */
export class OutboxPriority1764000004400 implements MigrationInterface {
  name = 'OutboxPriority1764000004400';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: no table rewrite, and existing rows and callers are normal.
    await q.query(`ALTER TABLE notifications.outbox ADD COLUMN priority smallint NOT NULL DEFAULT 2`);
    // NOT VALID skips a scan of the whole table: every existing row has the default, which passes.
    await q.query(`ALTER TABLE notifications.outbox ADD CONSTRAINT outbox_priority_check CHECK (priority IN (1, 2, 3)) NOT VALID`);
    // "Is a message that goes before this one still pending in the lane?" becomes a range on
    // (priority, seq) within the lane.
    await q.query(`DROP INDEX notifications.outbox_pending_lanes`);
    await q.query(`CREATE INDEX outbox_pending_lanes ON notifications.outbox (bot_id, lane_chat_id, priority, seq) WHERE state = 'pending'`);
    // Before this migration a re-driven message could be handed while a later one of its lane was out; the
    // unique index below cannot hold then. Such a lane keeps its earliest message out; the others wait for
    // it again (a job of theirs still in Redis may send one; it is marked sent like any other).
    await q.query(`
      UPDATE notifications.outbox o SET enqueued_at = NULL
        FROM (SELECT id, row_number() OVER (PARTITION BY bot_id, lane_chat_id ORDER BY seq) AS n
                FROM notifications.outbox WHERE state = 'pending' AND enqueued_at IS NOT NULL) x
       WHERE o.id = x.id AND x.n > 1`);
    // One message out per lane, whatever two dispatchers with different snapshots decide (dispatcher.ts).
    await q.query(`
      CREATE UNIQUE INDEX outbox_lane_in_flight ON notifications.outbox (bot_id, lane_chat_id)
       WHERE state = 'pending' AND enqueued_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.outbox_lane_in_flight`);
    await q.query(`DROP INDEX notifications.outbox_pending_lanes`);
    await q.query(`CREATE INDEX outbox_pending_lanes ON notifications.outbox (bot_id, lane_chat_id, seq) WHERE state = 'pending'`);
    await q.query(`ALTER TABLE notifications.outbox DROP COLUMN priority`);
  }
}
