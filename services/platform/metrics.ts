import { Registry, collectDefaultMetrics, Counter, Histogram, Gauge } from 'prom-client';

export { Registry, Counter, Histogram, Gauge };

/** One registry per process (not prom-client's global) so tests can build several platforms side by side. */
export function createMetrics(options: { defaults?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'warhorn' });
  if (options.defaults ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Returns the metric already registered under that name, so two services asking for the same counter share it. */
export function counter<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return (registry.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

export function histogram<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets?: number[],
) {
  return (
    (registry.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) })
  );
}

export function gauge<L extends string>(registry: Registry, name: string, help: string, labelNames: readonly L[] = []) {
  return (registry.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}

/** A gauge read when Prometheus scrapes, not set by the loop whose progress it shows: a loop stuck on a
 * stalled database would leave its own gauge frozen at a reassuring value. The sample gets `timeoutMs`;
 * when it fails or is late, the gauge keeps its last value and the failure is counted
 * (`warhorn_gauge_sample_failures_total{gauge}`), so a scrape never hangs on the database. */
export function sampledGauge(registry: Registry, name: string, help: string, sample: () => Promise<number>, timeoutMs = 2000) {
  const existing = registry.getSingleMetric(name) as Gauge | undefined;
  if (existing) return existing;
  const failures = counter(registry, 'warhorn_gauge_sample_failures_total', 'Scrapes that could not sample a gauge in time', ['gauge']);
  return new Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      let timer: NodeJS.Timeout | undefined;
      try {
        const value = await Promise.race([
          sample(),
          new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('sample timed out')), timeoutMs))),
        ]);
        this.set(value);
      } catch {
        failures.inc({ gauge: name });
      } finally {
        clearTimeout(timer);
      }
    },
  });
}
