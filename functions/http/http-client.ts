/**
 * The one HTTP utility every page read goes through: politeness (per-host concurrency, minimum
 * interval, honest User-Agent, conditional GETs), robustness (phase timeouts, bounded retries with
 * jittered backoff and Retry-After, size cap, checked redirects) and decoding (GBK-aware).
 *
 * Built on node:http/node:https rather than the global fetch because fetch (undici inside Node)
 * offers neither (1) separate connect/header/body deadlines without importing the undici package,
 * which would add ~0.5 MB to the Lambda bundle, nor (2) a hook on DNS results, which we need to
 * refuse a public name that resolves to a private address on any hop, nor (3) `reusedSocket`, which
 * tells a stale keep-alive connection (common after a Lambda thaw) from a real failure.
 * The price is decompressing gzip/deflate/br ourselves with node:zlib.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  createGuardedLookup,
  type HostPolicy,
  isAllowedPort,
  isLocalHostname,
  isPrivateAddress,
  type LookupFunction,
  makeHostPolicy,
} from './address-policy.js';
import { AttemptFailure } from './attempt-failure.js';
import { decodeHtml } from './decode.js';
import { decompress, parseContentEncoding } from './decompression.js';
import { FetchError, type FetchErrorReason, isFetchError } from './errors.js';
import { HostLimiter } from './host-limiter.js';
import { checkRedirect } from './redirect-policy.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retry-policy.js';
import { abortDetail, createAgents, exchange, type RawOutcome } from './transport.js';

/** Kept equal to package.json `version` by a unit test (the Lambda bundle has no package.json). */
export const NEWSMON_VERSION = '0.1.0';
export const DEFAULT_USER_AGENT = `newsmon/${NEWSMON_VERSION} (+https://github.com/newsmon/newsmon)`;

/** Structural subset of the Powertools Logger, so the client does not depend on it. */
export interface HttpLogger {
  warn(message: string, fields: Record<string, unknown>): void;
}

export interface HttpClientOptions {
  /** @default DEFAULT_USER_AGENT */
  userAgent: string;
  /** Requests in flight per host (URL.host). @default 2 */
  maxConcurrentPerHost: number;
  /** Minimum gap between request starts to one host, retries and redirect hops included. @default 500 */
  minIntervalMsPerHost: number;
  /** From request start until the TCP (and TLS) connection is up, DNS included. @default 5000 */
  connectTimeoutMs: number;
  /** From connection until the response headers arrive. @default 10000 */
  headersTimeoutMs: number;
  /**
   * Total time for the whole body after the headers (not an idle timeout: a server dripping one
   * byte a second must not hold a Lambda for minutes). @default 20000
   */
  bodyTimeoutMs: number;
  /** Total attempts per URL, first try included. @default 3 */
  maxAttempts: number;
  /** Backoff base; the n-th retry waits a uniform random time below base·2^(n-1). @default 500 */
  retryBaseDelayMs: number;
  /** Backoff cap. @default 10000 */
  retryMaxDelayMs: number;
  /** Honour Retry-After up to this; a longer demand fails at once instead of waiting. @default 30000 */
  maxRetryAfterMs: number;
  /** Cap on the body, enforced while streaming and on the decompressed size. @default 10 MiB */
  maxBodyBytes: number;
  /** @default 5 */
  maxRedirects: number;
  /**
   * Hosts (URL.host, i.e. with a non-default port) the client may request, on the first hop and on
   * every redirect. @default the requested URL's own host plus rednet.cn and its subdomains;
   * the monitor passes `makeHostPolicy(sourceUrls)`.
   */
  allowedHosts: HostPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  /** Milliseconds clock used by the rate limiter and for Retry-After dates. */
  now?: () => number;
  /** DNS lookup (tests, custom resolvers); the private-address guard is applied on top of it. */
  lookup?: LookupFunction;
  logger?: HttpLogger;
}

export interface GetOptions {
  /** Sent as If-None-Match. */
  etag?: string | null;
  /** Sent as If-Modified-Since. */
  lastModified?: string | null;
  /** @default 'text/html,application/xhtml+xml,application/json;q=0.9,*\/*;q=0.8' */
  accept?: string;
  /**
   * Cancels the fetch: the request in flight and any retry wait. The call then rejects with
   * reason `aborted` (never retried). Meant for the Lambda's remaining-time budget, e.g.
   * `AbortSignal.timeout(context.getRemainingTimeInMillis() - 10_000)` shared by a whole cycle.
   */
  signal?: AbortSignal;
}

export interface HttpResponse {
  /** Final URL, after redirects. */
  url: string;
  /** 304 for a conditional GET that matched, else the 2xx status (200 in practice). */
  status: number;
  headers: Headers;
  /** Decompressed body; empty for 304. */
  bytes: Uint8Array;
  /** Body decoded with `decodeHtml` (BOM, header charset, meta, UTF-8, GB18030); '' for 304. */
  text: string;
  /** Encoding used for `text`; '' for 304, where nothing was decoded. */
  encoding: string;
  /** What decoding had to repair (invalid byte sequences replaced by U+FFFD); usually empty. */
  decodeWarnings: string[];
  /** ETag of the response; on a 304 without one, the validator that was sent (still valid). */
  etag: string | null;
  lastModified: string | null;
  /** Attempts spent on the final hop (1 when nothing was retried). */
  attempts: number;
}

export interface HttpStats {
  /** HTTP requests started: retries and redirect hops each count. */
  requests: number;
  byHost: Record<string, number>;
  notModified: number;
  retries: number;
  /** `get` calls that threw. */
  failures: number;
  failuresByReason: Partial<Record<FetchErrorReason, number>>;
  /** Body bytes as received on the wire (before decompression). */
  bytesReceived: number;
}

const MIB = 1024 * 1024;

type TunableOptions = Omit<
  HttpClientOptions,
  'allowedHosts' | 'sleep' | 'random' | 'now' | 'lookup' | 'logger'
>;

const DEFAULT_HTTP_CLIENT_OPTIONS: Readonly<TunableOptions> = Object.freeze({
  userAgent: DEFAULT_USER_AGENT,
  maxConcurrentPerHost: 2,
  minIntervalMsPerHost: 500,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 20_000,
  maxAttempts: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
  maxBodyBytes: 10 * MIB,
  maxRedirects: 5,
});

const DEFAULT_ACCEPT = 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8';
type AttemptOutcome =
  | { kind: 'body'; status: number; headers: IncomingHttpHeaders; bytes: Uint8Array }
  | { kind: 'not-modified'; headers: IncomingHttpHeaders }
  | { kind: 'redirect'; status: number; headers: IncomingHttpHeaders }
  | { kind: 'status'; status: number; headers: IncomingHttpHeaders };

interface HopContext {
  requestedUrl: string;
  target: URL;
  hop: number;
  /** The first hop's host was local, so local addresses are allowed (tests, local mirrors). */
  originLocal: boolean;
  options: GetOptions;
}

export class HttpClient {
  readonly stats: HttpStats = {
    requests: 0,
    byHost: {},
    notModified: 0,
    retries: 0,
    failures: 0,
    failuresByReason: {},
    bytesReceived: 0,
  };

  private readonly config: TunableOptions;
  private readonly allowedHosts: HostPolicy | undefined;
  /** The default honours `signal`; an injected sleep (tests) ignores it. */
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: HttpLogger | undefined;
  private readonly localLookup: LookupFunction | undefined;
  private readonly guardedLookup: LookupFunction;
  private readonly limiter: HostLimiter;
  private readonly agents = createAgents();

  constructor(options: Partial<HttpClientOptions> = {}) {
    const { allowedHosts, sleep, random, now, lookup, logger, ...tunables } = options;
    this.config = { ...DEFAULT_HTTP_CLIENT_OPTIONS, ...stripUndefined(tunables) };
    validateOptions(this.config);
    this.allowedHosts = allowedHosts;
    this.sleep = sleep ?? defaultSleep;
    this.random = random ?? Math.random;
    this.now = now ?? Date.now;
    this.logger = logger;
    this.localLookup = lookup;
    this.guardedLookup = createGuardedLookup(lookup);
    this.limiter = new HostLimiter({
      maxConcurrent: this.config.maxConcurrentPerHost,
      minIntervalMs: this.config.minIntervalMsPerHost,
      sleep: this.sleep,
      now: this.now,
    });
  }

  /**
   * GET `url`, following up to `maxRedirects` checked redirects.
   * @returns status 200 (or another 2xx) with decoded text, or 304 with empty bytes
   * @throws FetchError (see `reason`) for every failure; nothing else
   */
  async get(url: string, options: GetOptions = {}): Promise<HttpResponse> {
    try {
      return await this.fetchChain(url, options);
    } catch (error) {
      const failure = isFetchError(error)
        ? error
        : new FetchError({
            url,
            attempts: 0,
            reason: 'network',
            detail: 'unexpected error',
            cause: error,
          });
      this.stats.failures += 1;
      this.stats.failuresByReason[failure.reason] =
        (this.stats.failuresByReason[failure.reason] ?? 0) + 1;
      throw failure;
    }
  }

  /** Closes idle keep-alive sockets; call when done (CLI exit, tests). */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async fetchChain(url: string, options: GetOptions): Promise<HttpResponse> {
    const start = URL.canParse(url) ? new URL(url) : null;
    if (!start || (start.protocol !== 'http:' && start.protocol !== 'https:')) {
      throw new FetchError({
        url,
        attempts: 0,
        reason: 'invalid-url',
        detail: 'not an absolute http(s) URL',
      });
    }
    start.hash = '';
    if (options.signal?.aborted) {
      throw new FetchError({
        url,
        attempts: 0,
        reason: 'aborted',
        detail: abortDetail(options.signal),
      });
    }
    const allowed = this.allowedHosts ?? makeHostPolicy([start.href]);
    if (!allowed(start.host)) {
      throw new FetchError({
        url,
        attempts: 0,
        reason: 'host-not-allowed',
        detail: `host ${start.host} is not allowed`,
      });
    }
    if (!isAllowedPort(start)) {
      throw new FetchError({
        url,
        attempts: 0,
        reason: 'host-not-allowed',
        detail: `port ${start.port} is not allowed (only 80 and 443 outside local sources)`,
      });
    }
    const originLocal = isLocalHostname(start.hostname);
    const visited = new Set([start.href]);
    let target = start;
    for (let hop = 0; ; hop += 1) {
      const context: HopContext = { requestedUrl: url, target, hop, originLocal, options };
      const { outcome, attempts } = await this.fetchWithRetries(context);
      if (outcome.kind === 'redirect') {
        target = this.nextHop(context, outcome, attempts, visited, allowed);
        visited.add(target.href);
        continue;
      }
      return this.toResponse(target, outcome, attempts, options);
    }
  }

  private nextHop(
    context: HopContext,
    outcome: Extract<AttemptOutcome, { kind: 'redirect' }>,
    attempts: number,
    visited: Set<string>,
    allowed: HostPolicy,
  ): URL {
    const decision = checkRedirect({
      from: context.target,
      location: outcome.headers.location,
      status: outcome.status,
      hop: context.hop,
      maxRedirects: this.config.maxRedirects,
      visited,
      allowed,
      originLocal: context.originLocal,
    });
    if (decision.ok) return decision.next;
    throw new FetchError({
      url: context.requestedUrl,
      failedUrl: context.target.href,
      attempts,
      reason: decision.reason,
      detail: decision.detail,
      status: outcome.status,
    });
  }

  private async fetchWithRetries(
    context: HopContext,
  ): Promise<{ outcome: Exclude<AttemptOutcome, { kind: 'status' }>; attempts: number }> {
    let staleSocketRetried = false;
    for (let attempt = 1; ; attempt += 1) {
      let failure: AttemptFailure;
      let retryAfterMs: number | null = null;
      try {
        const { signal } = context.options;
        const outcome = await this.limiter.run(
          context.target.host,
          () => {
            // Checked after the limiter wait, which may have outlasted the caller's budget.
            if (signal?.aborted) throw new AttemptFailure('aborted', abortDetail(signal), false);
            return this.attempt(context);
          },
          signal,
        );
        if (outcome.kind !== 'status') return { outcome, attempts: attempt };
        failure = new AttemptFailure(
          'http-status',
          `HTTP ${outcome.status}`,
          isRetryableStatus(outcome.status),
          { status: outcome.status },
        );
        retryAfterMs = parseRetryAfterMs(firstHeader(outcome.headers['retry-after']), this.now());
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error;
        // A keep-alive socket the server closed while we were idle (or frozen) is not the
        // server failing: resend once at no cost, as Node's docs recommend for `reusedSocket`.
        if (error.extra.staleSocket && !staleSocketRetried) {
          staleSocketRetried = true;
          attempt -= 1;
          continue;
        }
        failure = error;
      }
      const fail = (detail: string) =>
        new FetchError({
          url: context.requestedUrl,
          failedUrl: context.target.href,
          attempts: attempt,
          reason: failure.reason,
          detail,
          status: failure.extra.status,
          cause: failure.extra.cause,
        });
      if (!failure.retryable || attempt >= this.config.maxAttempts) throw fail(failure.detail);
      let delayMs: number;
      if (retryAfterMs !== null) {
        if (retryAfterMs > this.config.maxRetryAfterMs) {
          throw fail(
            `${failure.detail} with Retry-After ${retryAfterMs} ms, over the ${this.config.maxRetryAfterMs} ms cap`,
          );
        }
        delayMs = retryAfterMs;
      } else {
        delayMs = backoffDelayMs(
          attempt,
          this.config.retryBaseDelayMs,
          this.config.retryMaxDelayMs,
          this.random,
        );
      }
      this.stats.retries += 1;
      this.logger?.warn('http retry scheduled', {
        url: context.target.href,
        attempt,
        reason: failure.reason,
        status: failure.extra.status,
        delayMs,
      });
      const { signal } = context.options;
      await this.sleep(delayMs, signal);
      if (signal?.aborted) {
        throw new FetchError({
          url: context.requestedUrl,
          failedUrl: context.target.href,
          attempts: attempt,
          reason: 'aborted',
          detail: `${abortDetail(signal)} while waiting to retry after ${failure.detail}`,
        });
      }
    }
  }

  private async attempt(context: HopContext): Promise<AttemptOutcome> {
    const host = context.target.host;
    this.stats.requests += 1;
    this.stats.byHost[host] = (this.stats.byHost[host] ?? 0) + 1;
    const outcome = await this.exchange(context);
    if (outcome.kind !== 'raw-body') return outcome;
    this.stats.bytesReceived += outcome.raw.length;
    const encodings = parseContentEncoding(outcome.headers['content-encoding']);
    const bytes = await decompress(outcome.raw, encodings, this.config.maxBodyBytes);
    return { kind: 'body', status: outcome.status, headers: outcome.headers, bytes };
  }

  /** One request on the transport, with this client's headers, agents, lookup and limits. */
  private exchange(context: HopContext): Promise<RawOutcome> {
    const { target, options } = context;
    const isTls = target.protocol === 'https:';
    const headers: Record<string, string> = {
      'user-agent': this.config.userAgent,
      accept: options.accept ?? DEFAULT_ACCEPT,
      'accept-encoding': 'gzip, deflate, br',
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
    };
    // Validators go on every hop: a moved list page keeps its ETag at the new address.
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    return exchange({
      target,
      hop: context.hop,
      headers,
      agent: isTls ? this.agents.https : this.agents.http,
      lookup: context.originLocal ? this.localLookup : this.guardedLookup,
      // The lookup guard sees only new connections; a reused keep-alive socket is checked too.
      peerAllowed: context.originLocal ? undefined : (address) => !isPrivateAddress(address),
      signal: options.signal,
      connectTimeoutMs: this.config.connectTimeoutMs,
      headersTimeoutMs: this.config.headersTimeoutMs,
      bodyTimeoutMs: this.config.bodyTimeoutMs,
      maxBodyBytes: this.config.maxBodyBytes,
    });
  }

  private toResponse(
    target: URL,
    outcome: Exclude<AttemptOutcome, { kind: 'status' | 'redirect' }>,
    attempts: number,
    options: GetOptions,
  ): HttpResponse {
    const headers = toHeaders(outcome.headers);
    const etag = headers.get('etag');
    const lastModified = headers.get('last-modified');
    if (outcome.kind === 'not-modified') {
      this.stats.notModified += 1;
      return {
        url: target.href,
        status: 304,
        headers,
        bytes: new Uint8Array(0),
        text: '',
        encoding: '',
        decodeWarnings: [],
        etag: etag ?? options.etag ?? null,
        lastModified: lastModified ?? options.lastModified ?? null,
        attempts,
      };
    }
    const decoded = decodeHtml(outcome.bytes, headers.get('content-type'));
    return {
      url: target.href,
      status: outcome.status,
      headers,
      bytes: outcome.bytes,
      text: decoded.text,
      encoding: decoded.encoding,
      decodeWarnings: decoded.warnings,
      etag,
      lastModified,
      attempts,
    };
  }
}

/** Resolves after `ms`, or early when `signal` aborts, so no timer outlives a cancelled fetch. */
function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

function validateOptions(config: TunableOptions): void {
  const minimums: Array<[keyof TunableOptions, number]> = [
    ['maxConcurrentPerHost', 1],
    ['minIntervalMsPerHost', 0],
    ['connectTimeoutMs', 1],
    ['headersTimeoutMs', 1],
    ['bodyTimeoutMs', 1],
    ['maxAttempts', 1],
    ['retryBaseDelayMs', 0],
    ['retryMaxDelayMs', 0],
    ['maxRetryAfterMs', 0],
    ['maxBodyBytes', 1],
    ['maxRedirects', 0],
  ];
  for (const [name, minimum] of minimums) {
    const value = config[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
      throw new RangeError(
        `HttpClient option ${name} must be a number >= ${minimum}, got ${value}`,
      );
    }
  }
  if (!config.userAgent.trim())
    throw new RangeError('HttpClient option userAgent must not be empty');
}

function firstHeader(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function toHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      try {
        headers.append(name, item);
      } catch {
        // A header value Headers rejects (bytes outside Latin-1) is dropped, not fatal.
      }
    }
  }
  return headers;
}

export {
  type HostPolicy,
  type LookupFunction,
  makeHostPolicy,
} from './address-policy.js';
export * from './errors.js';
