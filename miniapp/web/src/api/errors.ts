// Every failure of an API call as one typed error: the server's `{error:{code,message,field?}}` when it sent
// one, else a code of our own (`network`, `http_<status>`) so views branch on `code` alone.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Seconds, from a 429's Retry-After. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The input an invalid_request or bad_setting names, without its `body.`/`query.`/`params.` prefix. */
  get fieldName(): string | undefined {
    return this.field?.replace(/^(body|query|params)\./, '');
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function toApiError(status: number, body: unknown, retryAfter?: string | null): ApiError {
  const retryAfterS = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code;
    const field = typeof error.field === 'string' ? error.field : undefined;
    return new ApiError(status, error.code, message, field, retryAfterS);
  }
  // A proxy's HTML page or an empty body: the status is all there is.
  return new ApiError(status, `http_${status}`, `HTTP ${status}`, undefined, retryAfterS);
}

export function networkError(cause: unknown): ApiError {
  return new ApiError(0, 'network', cause instanceof Error ? cause.message : String(cause));
}

/** 401s mean the launch itself is unusable (expired, another bot's): reopening the app is the fix. */
export const isAuthError = (e: ApiError) => e.status === 401;
