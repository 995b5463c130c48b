// Fault injection at the RPC endpoint, as real providers fail: the next N HTTP requests (optionally only
// those carrying a given JSON-RPC method) answer with an HTTP status, a 429 with Retry-After, a JSON-RPC
// error, late, or never (the client's own timeout ends them). A batch is one request: it fails as a whole
// (a JSON-RPC error fault answers every call in it with the error).

export interface RpcFault {
  /** Only requests with a call to this method (e.g. "eth_getLogs"); every request when absent. */
  method?: string;
  /** Answer with this HTTP status (500, 502, 503, 429, ...) and a provider-like body instead of forwarding. */
  status?: number;
  /** With status 429 (the default status when this is set): the Retry-After header, in seconds. */
  retryAfterS?: number;
  /** Answer HTTP 200 with this JSON-RPC error for each call (e.g. -32005 "limit exceeded", -32000 "header not found"). */
  rpcError?: { code: number; message: string; data?: unknown };
  /** Never answer: the request hangs until the client gives up or the chain closes. */
  hang?: boolean;
  /** Answer this much later (alone: late but right). */
  latencyMs?: number;
  /** How many matching requests it hits (default 1). */
  times?: number;
}

export class RpcFaults {
  private active: Array<RpcFault & { left: number }> = [];
  /** Requests each fault answered, oldest first: what a test can assert on. */
  readonly hits: Array<{ fault: RpcFault; methods: string[] }> = [];

  add(fault: RpcFault): void {
    if (fault.hang && (fault.status !== undefined || fault.rpcError)) throw new Error('a hanging fault answers nothing: no status or rpcError with hang');
    this.active.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.active = [];
  }

  /** How many faulty answers are still armed. */
  get pending(): number {
    return this.active.reduce((n, f) => n + f.left, 0);
  }

  /** The fault for a request with these methods, if any, used up by one. */
  take(methods: string[]): RpcFault | undefined {
    const i = this.active.findIndex((f) => f.left > 0 && (f.method === undefined || methods.includes(f.method)));
    if (i < 0) return undefined;
    const f = this.active[i]!;
    if (--f.left <= 0) this.active.splice(i, 1);
    const { left: _left, ...fault } = f;
    this.hits.push({ fault, methods });
    return fault;
  }
}
