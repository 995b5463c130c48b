// One bot's update queue: getUpdates (offset/limit/long polling) or webhook delivery with retries.
import { conflict, unauthorized } from './errors.js';
import { NOT_BY_DEFAULT, UPDATE_TYPES, type Update, type UpdateType } from './types.js';

const KEEP_MS = 24 * 3600 * 1000; // Telegram keeps undelivered updates for 24 hours
const MAX_BACKOFF_MS = 60_000;

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
}

export interface QueueOptions {
  webhookRetryMs: number;
  webhookTimeoutMs: number;
  /** A webhook may answer with a method call in its body; Telegram then performs it. */
  onWebhookReply?: (method: string, params: Record<string, unknown>) => void;
}

interface Pending { update: Update; created: number }
interface Waiter { resolve: (u: Update[]) => void; reject: (e: Error) => void; limit: number; timer?: NodeJS.Timeout }

export class UpdateQueue {
  private nextId = 1;
  private pending: Pending[] = [];
  private allowed: Set<UpdateType> | null = null;
  private waiter?: Waiter;
  private flushScheduled = false;
  webhook?: WebhookConfig;
  private generation = 0;
  private inFlight = new Set<number>();
  private retryAt = 0;
  private backoffMs: number;
  private retryTimer?: NodeJS.Timeout;
  lastError?: { date: number; message: string };
  private closed = false;
  delivered = 0;

  constructor(private readonly opts: QueueOptions) {
    this.backoffMs = opts.webhookRetryMs;
  }

  /** Queues an update unless the bot's allowed_updates exclude its type. Returns whether it was queued. */
  push(type: UpdateType, payload: unknown): boolean {
    if (!this.wants(type)) return false;
    this.expire();
    this.pending.push({ update: { update_id: this.nextId++, [type]: payload }, created: Date.now() });
    this.kick();
    return true;
  }

  wants(type: UpdateType): boolean {
    return this.allowed ? this.allowed.has(type) : !NOT_BY_DEFAULT.includes(type);
  }

  setAllowed(list: unknown): void {
    if (!Array.isArray(list)) return;
    const known = list.filter((t): t is UpdateType => UPDATE_TYPES.includes(t as UpdateType));
    this.allowed = known.length ? new Set(known) : null;
  }

  allowedList(): UpdateType[] | undefined {
    return this.allowed ? [...this.allowed] : undefined;
  }

  get pendingCount(): number {
    this.expire();
    return this.pending.length;
  }

  async getUpdates(p: { offset?: number; limit?: number; timeout?: number; allowed_updates?: unknown }): Promise<Update[]> {
    if (this.webhook) {
      throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    if (p.allowed_updates !== undefined) this.setAllowed(p.allowed_updates);
    this.confirm(p.offset ?? 0);
    const limit = !p.limit ? 100 : Math.min(100, Math.max(1, p.limit));
    const previous = this.waiter;
    if (previous) {
      this.waiter = undefined;
      clearTimeout(previous.timer);
      previous.reject(conflict('terminated by other getUpdates request; make sure that only one bot instance is running'));
    }
    this.expire();
    const timeout = p.timeout ?? 0;
    if (this.pending.length > 0 || timeout <= 0 || this.closed) return this.take(limit);
    return new Promise<Update[]>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, limit };
      waiter.timer = setTimeout(() => this.release(waiter), timeout * 1000);
      this.waiter = waiter;
    });
  }

  /** Ends a pending long poll early (its HTTP client went away). */
  abandon(): void {
    if (this.waiter) this.release(this.waiter);
  }

  private release(w: Waiter): void {
    if (this.waiter !== w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.resolve(this.take(w.limit));
  }

  private take(limit: number): Update[] {
    return this.pending.slice(0, limit).map((p) => p.update);
  }

  private confirm(offset: number): void {
    if (offset > 0) this.pending = this.pending.filter((p) => p.update.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
  }

  private expire(): void {
    const cutoff = Date.now() - KEEP_MS;
    if (this.pending[0] && this.pending[0].created < cutoff) this.pending = this.pending.filter((p) => p.created >= cutoff);
  }

  dropPending(): void {
    this.pending = [];
  }

  setWebhook(cfg: WebhookConfig): void {
    this.webhook = cfg;
    this.generation++;
    this.inFlight.clear();
    this.lastError = undefined;
    this.retryAt = 0;
    this.backoffMs = this.opts.webhookRetryMs;
    if (this.waiter) this.release(this.waiter);
    this.kick();
  }

  deleteWebhook(): void {
    this.webhook = undefined;
    this.generation++;
    this.inFlight.clear();
    this.lastError = undefined;
    clearTimeout(this.retryTimer);
  }

  /** The token was revoked: webhook deliveries stop (the webhook is forgotten) and a long poll in progress
   * answers 401. Updates stay queued for whoever gets the next token. */
  revoke(): void {
    this.deleteWebhook();
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.reject(unauthorized());
    }
  }

  close(): void {
    this.closed = true;
    this.deleteWebhook();
    if (this.waiter) this.release(this.waiter);
  }

  /** Something new is queued: wake the long poll (on the next tick, to batch) or the webhook pump. */
  private kick(): void {
    if (this.webhook) return this.pump();
    if (!this.waiter || this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.waiter) this.release(this.waiter);
    });
  }

  private pump(): void {
    const hook = this.webhook;
    if (!hook || this.closed) return;
    const wait = this.retryAt - Date.now();
    if (wait > 0) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.pump(), wait);
      return;
    }
    this.expire();
    for (const p of this.pending) {
      if (this.inFlight.size >= hook.maxConnections) break;
      if (this.inFlight.has(p.update.update_id)) continue;
      this.deliver(hook, p.update);
    }
  }

  private deliver(hook: WebhookConfig, update: Update): void {
    const generation = this.generation;
    this.inFlight.add(update.update_id);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (hook.secretToken) headers['x-telegram-bot-api-secret-token'] = hook.secretToken;
    fetch(hook.url, {
      method: 'POST', headers, body: JSON.stringify(update), signal: AbortSignal.timeout(this.opts.webhookTimeoutMs),
    })
      .then(async (res) => {
        const body = await res.text();
        if (res.status < 200 || res.status > 299) {
          throw new Error(`Wrong response from the webhook: ${res.status} ${res.statusText}`.trim());
        }
        if (generation !== this.generation) return;
        this.pending = this.pending.filter((p) => p.update.update_id !== update.update_id);
        this.backoffMs = this.opts.webhookRetryMs;
        this.delivered++;
        this.replyCall(body);
      })
      .catch((err: unknown) => {
        if (generation !== this.generation) return;
        this.lastError = { date: Math.floor(Date.now() / 1000), message: describeFailure(err) };
        this.retryAt = Date.now() + this.backoffMs;
        this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
      })
      .finally(() => {
        if (generation !== this.generation) return;
        this.inFlight.delete(update.update_id);
        this.pump();
      });
  }

  private replyCall(body: string): void {
    if (!this.opts.onWebhookReply || !body.trim().startsWith('{')) return;
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      if (typeof parsed.method === 'string') {
        const { method, ...params } = parsed;
        this.opts.onWebhookReply(method, params);
      }
    } catch {
      // Telegram ignores webhook bodies it cannot read.
    }
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof Error && err.message.startsWith('Wrong response')) return err.message;
  const cause = (err as { cause?: { code?: string } } | undefined)?.cause;
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'Read timeout expired';
  return `Connection failed: ${cause?.code ?? (err instanceof Error ? err.message : String(err))}`;
}
