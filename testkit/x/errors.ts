// X API v2 error bodies, as X sends them. Problems with a status are HTTP errors; "partial errors"
// (not found, not authorized) ride in a 200 answer's `errors` array next to whatever data was found.
// DriverError is the fake's own: a test misusing the driver.

/** The driver (or the HTTP driver's caller) asked for something the fake's world cannot hold. */
export class DriverError extends Error {}

export class HttpProblem extends Error {
  constructor(readonly status: number, readonly body: unknown, readonly headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
  }
}

const plain = (status: number, title: string, detail = title) => ({ title, detail, type: 'about:blank', status });

export const unauthorized = () => new HttpProblem(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
export const tooManyRequests = () => new HttpProblem(429, plain(429, 'Too Many Requests'));
export const serviceUnavailable = () => new HttpProblem(503, plain(503, 'Service Unavailable'));
export const internalError = () => new HttpProblem(500, plain(500, 'Internal Server Error'));
export const notFoundRoute = () => new HttpProblem(404, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });

export function faultProblem(status: number): HttpProblem {
  if (status === 429) return tooManyRequests();
  if (status === 503) return serviceUnavailable();
  if (status === 500) return internalError();
  const titles: Record<number, string> = { 502: 'Bad Gateway', 504: 'Gateway Timeout', 400: 'Bad Request', 403: 'Forbidden' };
  return new HttpProblem(status, plain(status, titles[status] ?? 'Error'));
}

/** 400 "Invalid Request" with per-parameter messages, e.g. max_results out of range. */
export function invalidRequest(parameter: string, value: string, message: string): HttpProblem {
  return new HttpProblem(400, {
    errors: [{ parameters: { [parameter]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  });
}

export const unsupportedAuthentication = () =>
  new HttpProblem(403, {
    title: 'Unsupported Authentication',
    detail:
      'Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].',
    type: 'https://api.twitter.com/2/problems/unsupported-authentication',
    status: 403,
  });

export interface InlineError {
  value: string;
  detail: string;
  title: string;
  resource_type: string;
  parameter: string;
  resource_id: string;
  type: string;
}

export function notFound(resource: 'tweet' | 'user', parameter: string, value: string, by = 'id'): InlineError {
  return {
    value,
    detail: `Could not find ${resource} with ${by}: [${value}].`,
    title: 'Not Found Error',
    resource_type: resource,
    parameter,
    resource_id: value,
    type: 'https://api.twitter.com/2/problems/resource-not-found',
  };
}

export function notAuthorized(resource: 'tweet' | 'user', parameter: string, value: string): InlineError {
  const what = resource === 'tweet' ? 'Tweet' : 'user';
  return {
    value,
    detail: `Sorry, you are not authorized to see the ${what} with id: [${value}].`,
    title: 'Authorization Error',
    resource_type: resource,
    parameter,
    resource_id: value,
    type: 'https://api.twitter.com/2/problems/not-authorized-for-resource',
  };
}
