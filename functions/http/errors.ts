/** Short machine codes for why a fetch failed; stable, used as metric dimensions and in logs. */
export type FetchErrorReason =
  | 'timeout-connect'
  | 'timeout-headers'
  | 'timeout-body'
  | 'network'
  | 'http-status'
  | 'too-large'
  | 'content-decoding'
  | 'redirect-loop'
  | 'too-many-redirects'
  | 'redirect-blocked'
  | 'host-not-allowed'
  | 'invalid-url'
  | 'aborted';

export const FETCH_ERROR_REASONS: readonly FetchErrorReason[] = [
  'timeout-connect',
  'timeout-headers',
  'timeout-body',
  'network',
  'http-status',
  'too-large',
  'content-decoding',
  'redirect-loop',
  'too-many-redirects',
  'redirect-blocked',
  'host-not-allowed',
  'invalid-url',
  'aborted',
];

export interface FetchErrorInit {
  /** The URL the caller asked for. */
  url: string;
  /** The URL of the hop that failed, when a redirect was followed before the failure. */
  failedUrl?: string;
  attempts: number;
  reason: FetchErrorReason;
  /** What went wrong, e.g. `HTTP 503` or `no response headers within 10000 ms`. */
  detail: string;
  status?: number;
  cause?: unknown;
}

/**
 * Every failure of `HttpClient.get` is a FetchError (or a subclass), so callers can count and log
 * failures by `reason` without parsing messages.
 * The message is one line: `GET <url> failed after 3 attempts: HTTP 503`.
 */
export class FetchError extends Error {
  readonly url: string;
  readonly failedUrl: string;
  readonly attempts: number;
  readonly reason: FetchErrorReason;
  readonly status: number | undefined;

  constructor(init: FetchErrorInit) {
    const where = init.failedUrl && init.failedUrl !== init.url ? ` (at ${init.failedUrl})` : '';
    const tries = `${init.attempts} attempt${init.attempts === 1 ? '' : 's'}`;
    super(`GET ${init.url} failed after ${tries}: ${init.detail}${where}`, { cause: init.cause });
    this.name = 'FetchError';
    this.url = init.url;
    this.failedUrl = init.failedUrl ?? init.url;
    this.attempts = init.attempts;
    this.reason = init.reason;
    this.status = init.status;
  }
}

/** Connect, header or body deadline passed (reason `timeout-*`). */
export class FetchTimeoutError extends FetchError {
  constructor(init: FetchErrorInit) {
    super(init);
    this.name = 'FetchTimeoutError';
  }
}

/** The server answered with a status that is neither success, 304 nor a usable redirect. */
export class HttpStatusError extends FetchError {
  declare readonly status: number;
  constructor(init: FetchErrorInit & { status: number }) {
    super(init);
    this.name = 'HttpStatusError';
  }
}

/** The (decoded) body exceeded `maxBodyBytes`; the transfer was cut off. */
export class ResponseTooLargeError extends FetchError {
  constructor(init: FetchErrorInit) {
    super(init);
    this.name = 'ResponseTooLargeError';
  }
}

/** Redirect policy refused a hop: loop, too many hops, blocked target, or a host outside the policy. */
export class RedirectError extends FetchError {
  constructor(init: FetchErrorInit) {
    super(init);
    this.name = 'RedirectError';
  }
}

export function isFetchError(value: unknown): value is FetchError {
  return value instanceof FetchError;
}

/** Builds the subclass that matches `reason`, so call sites need not pick it. */
export function createFetchError(init: FetchErrorInit): FetchError {
  switch (init.reason) {
    case 'timeout-connect':
    case 'timeout-headers':
    case 'timeout-body':
      return new FetchTimeoutError(init);
    case 'http-status':
      return new HttpStatusError({ ...init, status: init.status ?? 0 });
    case 'too-large':
      return new ResponseTooLargeError(init);
    case 'redirect-loop':
    case 'too-many-redirects':
    case 'redirect-blocked':
      return new RedirectError(init);
    default:
      return new FetchError(init);
  }
}

/**
 * Counts failures by reason (`other` for anything that is not a FetchError), e.g. for the cycle's
 * end-of-run log line: `{ 'timeout-headers': 2, 'http-status': 1 }`.
 */
export function summariseFetchErrors(errors: readonly unknown[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const error of errors) {
    const key = isFetchError(error) ? error.reason : 'other';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
