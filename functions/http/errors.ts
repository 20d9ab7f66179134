/**
 * Short machine codes for why a fetch failed; stable, used as metric dimensions and in logs.
 * The array is the one list of them: the type below is derived from it.
 */
const FETCH_ERROR_REASONS = [
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
] as const;

export type FetchErrorReason = (typeof FETCH_ERROR_REASONS)[number];

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
 * Every failure of `HttpClient.get` is a FetchError, so callers can count and log failures by
 * `reason` (and `status` for `http-status`) without parsing messages.
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

export function isFetchError(value: unknown): value is FetchError {
  return value instanceof FetchError;
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
