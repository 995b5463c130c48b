// Fault injection: the next N answers of an endpoint (or of every endpoint) fail with a status, come
// late, or both.
export interface Fault {
  /** Route template, e.g. "GET /2/tweets/search/recent"; every API endpoint when absent. */
  endpoint?: string;
  /** 429, 503, 500 (or any 4xx/5xx); absent: answer normally, only late. */
  status?: number;
  /** How many matching requests it hits (default 1). */
  times?: number;
  latencyMs?: number;
}

export class Faults {
  private active: Array<Fault & { left: number }> = [];

  add(f: Fault): void {
    this.active.push({ ...f, left: f.times ?? 1 });
  }

  clear(): void {
    this.active = [];
  }

  /** The fault for this request, if any, used up by one. */
  take(endpoint: string): Fault | undefined {
    const i = this.active.findIndex((f) => f.left > 0 && (f.endpoint === undefined || f.endpoint === endpoint));
    if (i < 0) return undefined;
    const f = this.active[i]!;
    if (--f.left <= 0) this.active.splice(i, 1);
    return f;
  }
}
