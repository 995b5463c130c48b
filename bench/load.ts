import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  statuses: Record<number, number>;
  /** Milliseconds from sending a request to the end of its answer. */
  latency: { p50: number; p99: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** Sends `total` requests to `url` from `concurrency` keep-alive connections, as fast as answered; a JSON
 * body per request when `body` is given. */
export async function load(options: {
  url: string;
  /** A path per request on the same host (each update to its own bot's webhook), instead of `url`'s. */
  path?: (i: number) => string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string> | ((i: number) => Record<string, string>);
  body?: (i: number) => unknown;
  total: number;
  concurrency: number;
}): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const statuses: Record<number, number> = {};
  const latencies: number[] = [];
  let next = 0;
  const send = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const payload = options.body ? Buffer.from(JSON.stringify(options.body(i))) : null;
      const extra = typeof options.headers === 'function' ? options.headers(i) : options.headers;
      const sent = performance.now();
      const req = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: options.path ? options.path(i) : `${target.pathname}${target.search}`,
          method: options.method ?? (payload ? 'POST' : 'GET'),
          headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}), ...extra },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - sent);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(payload ?? undefined);
    });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) await send(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: options.total, seconds, perSecond: options.total / seconds, statuses, latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) } };
}

/** Rounds of two contenders taken in turns: this machine's speed drifts by half within a minute (seen: bare
 * grammY from 3,800 to 6,600 updates/s in one run), and a ratio of two measurements seconds apart is what
 * survives that. Returns the median round of each and the median of the pairs' ratios. */
export async function alternate(rounds: number, measured: (round: number) => Promise<LoadResult>, baseline: (round: number) => Promise<LoadResult>) {
  const fulls: LoadResult[] = [];
  const bares: LoadResult[] = [];
  for (let round = 0; round < rounds; round++) {
    fulls.push(await measured(round));
    bares.push(await baseline(round));
  }
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const median = (results: LoadResult[]) => results.find((r) => r.perSecond === middle(results.map((x) => x.perSecond)))!;
  return { full: median(fulls), bare: median(bares), ratio: middle(fulls.map((f, i) => f.perSecond / bares[i]!.perSecond)), rounds };
}
