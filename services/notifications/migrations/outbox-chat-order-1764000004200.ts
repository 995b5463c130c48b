import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages to one chat go out in the order they were committed. Each (bot, chat) has a lane whose row
 * hands out sequence numbers: taking one locks the lane until the taking transaction ends, so a later
 * transaction's messages to that chat always get higher numbers than an earlier one's. A message is sent
 * only once no message before it in its lane is still pending. `lane_chat_id` is the chat the message was
 * queued for and never changes (a group that became a supergroup keeps its old lane for old messages). */
export class OutboxChatOrder1764000004200 implements MigrationInterface {
  name = 'OutboxChatOrder1764000004200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications.outbox_lanes (
        bot_id   bigint NOT NULL,
        chat_id  bigint NOT NULL,
        last_seq bigint NOT NULL,
        PRIMARY KEY (bot_id, chat_id)
      )`);
    await q.query(`ALTER TABLE notifications.outbox ADD COLUMN lane_chat_id bigint, ADD COLUMN seq bigint`);
    // Rows already there keep their id order within their chat.
    await q.query(`
      UPDATE notifications.outbox o SET lane_chat_id = n.lane, seq = n.seq
        FROM (SELECT id, COALESCE(migrated_from, chat_id) AS lane,
                     row_number() OVER (PARTITION BY bot_id, COALESCE(migrated_from, chat_id) ORDER BY id) AS seq
                FROM notifications.outbox) n
       WHERE o.id = n.id`);
    await q.query(`
      INSERT INTO notifications.outbox_lanes (bot_id, chat_id, last_seq)
      SELECT bot_id, lane_chat_id, max(seq) FROM notifications.outbox GROUP BY bot_id, lane_chat_id`);
    await q.query(`ALTER TABLE notifications.outbox ALTER COLUMN lane_chat_id SET NOT NULL, ALTER COLUMN seq SET NOT NULL`);
    // "Is anything before this row still pending?", asked for every row the dispatcher considers.
    await q.query(`CREATE INDEX outbox_pending_lanes ON notifications.outbox (bot_id, lane_chat_id, seq) WHERE state = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notifications.outbox_pending_lanes`);
    await q.query(`ALTER TABLE notifications.outbox DROP COLUMN seq, DROP COLUMN lane_chat_id`);
    await q.query(`DROP TABLE notifications.outbox_lanes`);
  }
}
