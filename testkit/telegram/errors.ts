// Bot API error replies. The HTTP status of a reply always equals its error_code, as with Telegram.

export interface ResponseParameters {
  migrate_to_chat_id?: number;
  retry_after?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { ok: false, error_code: this.code, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

export const badRequest = (what: string, parameters?: ResponseParameters): ApiError =>
  new ApiError(400, `Bad Request: ${what}`, parameters);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);
export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized');
export const notFound = (): ApiError => new ApiError(404, 'Not Found');
export const conflict = (what: string): ApiError => new ApiError(409, `Conflict: ${what}`);
export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** Thrown by the driver when a person tries something a Telegram client would not allow. */
export class DriverError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
