import type { DataSource } from 'typeorm';
import { counter, histogram, sampledGauge, type Registry } from '../platform/metrics.js';

export type OutboxMetrics = ReturnType<typeof outboxMetrics>;

export function outboxMetrics(registry: Registry, db: DataSource) {
  return {
    sent: counter(registry, 'warhorn_outbox_sent_total', 'Outbox messages Telegram accepted', ['method']),
    failed: counter(registry, 'warhorn_outbox_failed_total', 'Outbox messages given up on, by reason', ['reason']),
    throttled: counter(
      registry,
      'warhorn_outbox_throttled_total',
      'Sends held back: by our own pacing (local), the departure check (departure), a low message letting others go first (priority) or a 429 from Telegram (telegram)',
      ['source'],
    ),
    pending: sampledGauge(registry, 'warhorn_outbox_pending', 'Outbox rows not yet sent or failed', async () => {
      const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM notifications.outbox WHERE state = 'pending'`)) as [{ n: number }];
      return n;
    }),
    delivery: histogram(
      registry,
      'warhorn_outbox_delivery_seconds',
      'Time from enqueue (row created) to Telegram accepting the message',
      [],
      [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    ),
  };
}
