// Tells "our Postgres / Redis / network is down" apart from "this handler has a bug". The first is worth a
// retry of the whole update (Telegram redelivers when we answer 500); the second would fail the same way
// every time. Libraries wrap the original failure (TypeORM's QueryFailedError.driverError, grammY's
// HttpError.error, `cause`, AggregateError.errors), so the whole chain is looked at.
// A transaction that kept losing a race after its retries (transaction-retry.ts) counts too: the update or
// job will win it later, while answering "sorry" would drop work that nothing is wrong with.

// Node and undici socket failures: the peer is gone, unreachable, or did not answer in time.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

// Postgres SQLSTATEs: class 08 connection exception, 57P0x operator intervention (admin/crash shutdown,
// cannot connect now...), class 53 insufficient resources (too many connections, disk full, out of memory),
// and the conflicts transaction-retry.ts retries (40001, 40P01, 55P03) once its attempts are spent.
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[0-9]|53[0-9A-Z]{3}|40001|40P01|55P03)$/;

// Errors the drivers raise as plain `Error`s, recognised by their (stable) message.
const MESSAGES: RegExp[] = [
  /^timeout exceeded when trying to connect$/, // pg-pool: no client within connectionTimeoutMillis
  /^timeout expired$/, // pg Client.connect: connectionTimeoutMillis
  /^Connection terminated\b/, // pg: "Connection terminated", "... unexpectedly", "... due to connection timeout"
  /^Query read timeout$/, // pg: query_timeout
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/, // shutting down: the redelivery lands on a live process
  /^Connection is closed\.?$/, // ioredis
  /^Command timed out$/, // ioredis commandTimeout: a connection that stopped answering
  /^Stream isn't writeable and enableOfflineQueue options is false$/, // ioredis
  /^Failed to refresh slots cache/, // ioredis cluster
  /^None of startup nodes is available$/, // ioredis cluster
  /^(LOADING|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|OOM) /, // Redis replies during failover, restart, memory pressure
];

const NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError', 'ConnectionIsNotSetError', 'CannotExecuteNotConnectedError']);

const MAX_DEPTH = 8;

function isItselfInfrastructure(error: object): boolean {
  const { code, name, message, constructor } = error as { code?: unknown; name?: unknown; message?: unknown; constructor?: { name?: unknown } };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (typeof name === 'string' && NAMES.has(name)) return true;
  if (typeof constructor?.name === 'string' && NAMES.has(constructor.name)) return true;
  return typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message));
}

/** True when the error (or anything it wraps) says a database, Redis or the network is unavailable. */
export function isInfrastructureError(error: unknown): boolean {
  const seen = new Set<object>();
  const visit = (value: unknown, depth: number): boolean => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > MAX_DEPTH) return false;
    seen.add(value);
    if (isItselfInfrastructure(value)) return true;
    const { cause, driverError, error: inner, errors } = value as { cause?: unknown; driverError?: unknown; error?: unknown; errors?: unknown };
    if (visit(cause, depth + 1) || visit(driverError, depth + 1) || visit(inner, depth + 1)) return true;
    return Array.isArray(errors) && errors.some((item) => visit(item, depth + 1));
  };
  return visit(error, 0);
}
