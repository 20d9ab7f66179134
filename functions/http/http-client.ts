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
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { decodeHtml } from '../rednet/decode.js';
import {
  BLOCKED_ADDRESS_CODE,
  createGuardedLookup,
  type HostPolicy,
  isLocalHostname,
  type LookupFunction,
  makeHostPolicy,
} from './address-policy.js';
import { createFetchError, type FetchErrorReason, isFetchError } from './errors.js';
import { HostLimiter } from './host-limiter.js';
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from './retry-policy.js';

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

export const DEFAULT_HTTP_CLIENT_OPTIONS: Readonly<TunableOptions> = Object.freeze({
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
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Failures that another attempt will not fix: bad name, bad certificate. */
const PERMANENT_NETWORK_CODES = new Set([
  'ENOTFOUND',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** A failed attempt, before the retry loop decides whether it becomes a FetchError. */
class AttemptFailure extends Error {
  constructor(
    readonly reason: FetchErrorReason,
    readonly detail: string,
    readonly retryable: boolean,
    readonly extra: { status?: number; cause?: unknown; staleSocket?: boolean } = {},
  ) {
    super(detail);
    this.name = 'AttemptFailure';
  }
}

type AttemptOutcome =
  | { kind: 'body'; status: number; headers: IncomingHttpHeaders; bytes: Uint8Array }
  | { kind: 'not-modified'; headers: IncomingHttpHeaders }
  | { kind: 'redirect'; status: number; headers: IncomingHttpHeaders }
  | { kind: 'status'; status: number; headers: IncomingHttpHeaders };

type RawOutcome =
  | Exclude<AttemptOutcome, { kind: 'body' }>
  | { kind: 'raw-body'; status: number; headers: IncomingHttpHeaders; raw: Buffer };

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
  // Keep-alive saves a TCP/TLS handshake per page on a site we poll page after page.
  private readonly httpAgent = new http.Agent({
    keepAlive: true,
    scheduling: 'lifo',
    timeout: 5_000,
  });
  private readonly httpsAgent = new https.Agent({
    keepAlive: true,
    scheduling: 'lifo',
    timeout: 5_000,
  });

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
        : createFetchError({
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
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private async fetchChain(url: string, options: GetOptions): Promise<HttpResponse> {
    const start = URL.canParse(url) ? new URL(url) : null;
    if (!start || (start.protocol !== 'http:' && start.protocol !== 'https:')) {
      throw createFetchError({
        url,
        attempts: 0,
        reason: 'invalid-url',
        detail: 'not an absolute http(s) URL',
      });
    }
    start.hash = '';
    if (options.signal?.aborted) {
      throw createFetchError({
        url,
        attempts: 0,
        reason: 'aborted',
        detail: abortDetail(options.signal),
      });
    }
    const allowed = this.allowedHosts ?? makeHostPolicy([start.href]);
    if (!allowed(start.host)) {
      throw createFetchError({
        url,
        attempts: 0,
        reason: 'host-not-allowed',
        detail: `host ${start.host} is not allowed`,
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
    const refuse = (reason: FetchErrorReason, detail: string) =>
      createFetchError({
        url: context.requestedUrl,
        failedUrl: context.target.href,
        attempts,
        reason,
        detail,
        status: outcome.status,
      });
    const location = outcome.headers.location;
    if (!location) throw refuse('http-status', `HTTP ${outcome.status} without a Location header`);
    if (!URL.canParse(location, context.target.href)) {
      throw refuse('invalid-url', `redirect to unparseable Location ${JSON.stringify(location)}`);
    }
    const next = new URL(location, context.target);
    next.hash = '';
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw refuse('redirect-blocked', `redirect to ${next.protocol} URL refused`);
    }
    if (visited.has(next.href)) throw refuse('redirect-loop', `redirect loop back to ${next.href}`);
    if (context.hop + 1 > this.config.maxRedirects) {
      throw refuse('too-many-redirects', `more than ${this.config.maxRedirects} redirects`);
    }
    if (!allowed(next.host)) {
      throw refuse('host-not-allowed', `redirect to host ${next.host} refused (not allowed)`);
    }
    if (!context.originLocal && isLocalHostname(next.hostname)) {
      throw refuse('redirect-blocked', `redirect to local address ${next.host} refused`);
    }
    return next;
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
        createFetchError({
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
        throw createFetchError({
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

  /** One HTTP request/response with phase deadlines; resolves with raw (still encoded) bytes. */
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
    const { connectTimeoutMs, headersTimeoutMs, bodyTimeoutMs, maxBodyBytes } = this.config;

    return new Promise<RawOutcome>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let response: IncomingMessage | undefined;
      const { signal } = options;
      const onAbort = () => abort(new AttemptFailure('aborted', abortDetail(signal), false));
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        action();
      };
      const abort = (failure: AttemptFailure) =>
        settle(() => {
          request.destroy();
          response?.destroy();
          reject(failure);
        });
      const arm = (ms: number, reason: FetchErrorReason, detail: string) => {
        clearTimeout(timer);
        timer = setTimeout(() => abort(new AttemptFailure(reason, detail, true)), ms);
      };

      const request = (isTls ? https : http).request(target, {
        method: 'GET',
        headers,
        agent: isTls ? this.httpsAgent : this.httpAgent,
        lookup: context.originLocal ? this.localLookup : this.guardedLookup,
      });
      arm(connectTimeoutMs, 'timeout-connect', `not connected within ${connectTimeoutMs} ms`);
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('socket', (socket: Socket) => {
        const connected = () =>
          arm(
            headersTimeoutMs,
            'timeout-headers',
            `no response headers within ${headersTimeoutMs} ms`,
          );
        if (request.reusedSocket || (!isTls && !socket.connecting)) connected();
        else socket.once(isTls ? 'secureConnect' : 'connect', connected);
      });
      request.on('error', (error) => {
        abort(classifyNetworkError(error, context.hop, request.reusedSocket && !response));
      });
      request.on('response', (res) => {
        response = res;
        const status = res.statusCode ?? 0;
        if (status === 304) {
          res.resume();
          settle(() => resolve({ kind: 'not-modified', headers: res.headers }));
          return;
        }
        if (status < 200 || status > 299) {
          // Error and redirect bodies are not worth reading; closing the socket is cheaper
          // than draining an unknown amount of bytes under a deadline.
          const kind = REDIRECT_STATUSES.has(status) ? 'redirect' : 'status';
          settle(() => {
            request.destroy();
            resolve({ kind, status, headers: res.headers });
          });
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (!res.headers['content-encoding'] && declared > maxBodyBytes) {
          abort(tooLarge(`Content-Length ${declared} exceeds ${maxBodyBytes} bytes`));
          return;
        }
        arm(bodyTimeoutMs, 'timeout-body', `body not complete within ${bodyTimeoutMs} ms`);
        const chunks: Buffer[] = [];
        let received = 0;
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBodyBytes) {
            abort(tooLarge(`body exceeds ${maxBodyBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          if (!res.complete) {
            abort(truncated());
            return;
          }
          settle(() =>
            resolve({ kind: 'raw-body', status, headers: res.headers, raw: Buffer.concat(chunks) }),
          );
        });
        res.on('error', (error) => abort(truncated(error)));
        res.on('close', () => abort(truncated()));
      });
      request.end();
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

function abortDetail(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? `aborted (${reason.message})` : 'aborted by the caller';
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

function tooLarge(detail: string): AttemptFailure {
  return new AttemptFailure('too-large', detail, false);
}

function truncated(cause?: unknown): AttemptFailure {
  return new AttemptFailure('network', 'connection closed before the body was complete', true, {
    cause,
  });
}

function classifyNetworkError(error: unknown, hop: number, staleSocket: boolean): AttemptFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === BLOCKED_ADDRESS_CODE) {
    return new AttemptFailure(hop > 0 ? 'redirect-blocked' : 'host-not-allowed', message, false, {
      cause: error,
    });
  }
  const retryable = !(code && PERMANENT_NETWORK_CODES.has(code));
  return new AttemptFailure('network', `${code ?? 'network error'}: ${message}`, retryable, {
    cause: error,
    staleSocket: staleSocket && retryable,
  });
}

function parseContentEncoding(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '' && item !== 'identity');
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotliDecompress = promisify(zlib.brotliDecompress);

/**
 * Undoes Content-Encoding (last applied first). The compressed size was already capped while
 * streaming; `maxOutputLength` caps the inflated size, so a decompression bomb stops at the cap.
 * zlib's one-shot async functions run in the libuv pool and do not block the event loop.
 */
async function decompress(raw: Buffer, encodings: string[], maxBytes: number): Promise<Buffer> {
  let data = raw;
  for (const encoding of [...encodings].reverse()) {
    if (data.length === 0) break;
    const options = { maxOutputLength: maxBytes };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') data = await gunzip(data, options);
      else if (encoding === 'br') data = await brotliDecompress(data, options);
      else if (encoding === 'deflate') {
        // "deflate" should be zlib-wrapped, but some servers send raw deflate (browsers accept both).
        data = await inflate(data, options).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'Z_DATA_ERROR') return inflateRaw(data, options);
          throw error;
        });
      } else {
        throw new AttemptFailure(
          'content-decoding',
          `unsupported content-encoding ${encoding}`,
          false,
        );
      }
    } catch (error) {
      if (error instanceof AttemptFailure) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw tooLarge(`decompressed body exceeds ${maxBytes} bytes`);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new AttemptFailure(
        'content-decoding',
        `cannot decode ${encoding} body: ${message}`,
        false,
        {
          cause: error,
        },
      );
    }
  }
  return data;
}

export {
  type HostPolicy,
  isLocalHostname,
  isPrivateAddress,
  type LookupFunction,
  makeHostPolicy,
} from './address-policy.js';
export * from './errors.js';
