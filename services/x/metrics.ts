import { counter, gauge, type Registry } from '../platform/metrics.js';

export type XMetrics = ReturnType<typeof xMetrics>;

export function xMetrics(registry: Registry) {
  return {
    requests: counter(
      registry,
      'warhorn_x_requests_total',
      'Requests sent to X, by endpoint template and HTTP status (or network/timeout)',
      ['endpoint', 'status'],
    ),
    cost: counter(
      registry,
      'warhorn_x_cost_micros_total',
      'What X reads cost, in micro-dollars, by purpose kind (the part of the purpose before the first colon)',
      ['purpose_kind'],
    ),
    circuitOpen: gauge(registry, 'warhorn_x_circuit_open', '1 while this process has stopped calling X (circuit open or half-open)'),
    circuitTrips: counter(registry, 'warhorn_x_circuit_trips_total', 'Times this process stopped calling X after repeated failures'),
    rateLimited: counter(
      registry,
      'warhorn_x_rate_limited_total',
      'Requests held back by a spent X rate-limit window: waited in process, or handed back to the caller',
      ['endpoint', 'outcome'],
    ),
  };
}
