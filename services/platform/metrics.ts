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
