import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, deflateRawSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LookupFunction } from '../../../functions/http/address-policy.js';
import {
  DEFAULT_USER_AGENT,
  FetchError,
  HttpClient,
  type HttpClientOptions,
  isFetchError,
  NEWSMON_VERSION,
  summariseFetchErrors,
} from '../../../functions/http/http-client.js';
import {
  delayed,
  type FaultServer,
  redirect,
  resetConnection,
  respond,
  sequence,
  slowBody,
  startFaultServer,
  streamBytes,
  truncatedBody,
  wait,
} from '../../support/fault-server.js';

const HTML = '<html><head><title>红网</title></head><body>ok</body></html>';
const UTF8_HTML = { 'content-type': 'text/html; charset=utf-8' };

/** Virtual clock: `sleep` records the delay and moves time forward instead of waiting. */
function fakeTime() {
  let time = 1_000_000;
  const delays: number[] = [];
  return {
    delays,
    now: () => time,
    sleep: async (ms: number) => {
      delays.push(ms);
      time += ms;
    },
  };
}

let server: FaultServer;
let clients: HttpClient[] = [];
let clock: ReturnType<typeof fakeTime>;

/**
 * No real waiting between retries; deadlines short enough that a missed one shows, long enough
 * that a loaded CI machine does not trip them (fault tests set their own, smaller ones).
 */
function makeClient(overrides: Partial<HttpClientOptions> = {}): HttpClient {
  const client = new HttpClient({
    connectTimeoutMs: 2_000,
    headersTimeoutMs: 2_000,
    bodyTimeoutMs: 2_000,
    minIntervalMsPerHost: 0,
    random: () => 0.5,
    sleep: clock.sleep,
    now: clock.now,
    ...overrides,
  });
  clients.push(client);
  return client;
}

async function failureOf(promise: Promise<unknown>): Promise<FetchError> {
  try {
    await promise;
  } catch (error) {
    if (isFetchError(error)) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

beforeEach(async () => {
  clock = fakeTime();
  server = await startFaultServer();
});

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  await server.close();
});

describe('HttpClient: politeness', () => {
  it('identifies itself honestly and asks for compressed responses', async () => {
    server.route('/page', respond(200, HTML, UTF8_HTML));

    const response = await makeClient().get(server.url('/page'));

    const [request] = server.requests;
    expect(request?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(request?.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(request?.headers.accept).toContain('text/html');
    expect(response).toMatchObject({ status: 200, text: HTML, encoding: 'utf-8', attempts: 1 });
    expect(response.url).toBe(server.url('/page'));
  });

  it('puts the package version in the default User-Agent', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(NEWSMON_VERSION).toBe(pkg.version);
    expect(DEFAULT_USER_AGENT).toBe(`newsmon/${pkg.version} (+https://github.com/newsmon/newsmon)`);
  });

  it('sends validators and returns an empty 304 when the page has not changed', async () => {
    const etag = '"list-v7"';
    const lastModified = 'Thu, 26 Nov 2026 08:00:00 GMT';
    server.route('/list', (req, res) => {
      const matches = req.headers['if-none-match'] === etag;
      res.writeHead(matches ? 304 : 200, { etag });
      res.end(matches ? undefined : HTML);
    });
    const client = makeClient();

    const response = await client.get(server.url('/list'), { etag, lastModified });

    expect(server.requests[0]?.headers['if-none-match']).toBe(etag);
    expect(server.requests[0]?.headers['if-modified-since']).toBe(lastModified);
    expect(response.status).toBe(304);
    expect(response.bytes.byteLength).toBe(0);
    expect(response.text).toBe('');
    expect(response.etag).toBe(etag);
    expect(response.lastModified).toBe(lastModified);
    expect(client.stats.notModified).toBe(1);
  });

  it('returns the validators of a fresh 200 so the next cycle can send them', async () => {
    server.route(
      '/list',
      respond(200, HTML, {
        ...UTF8_HTML,
        etag: '"v1"',
        'last-modified': 'Fri, 27 Nov 2026 01:00:00 GMT',
      }),
    );

    const response = await makeClient().get(server.url('/list'));

    expect(server.requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(response.etag).toBe('"v1"');
    expect(response.lastModified).toBe('Fri, 27 Nov 2026 01:00:00 GMT');
  });

  it('never has more requests in flight to one host than maxConcurrentPerHost', async () => {
    server.route('/slow', delayed(40, respond(200, HTML, UTF8_HTML)));
    const client = makeClient({ maxConcurrentPerHost: 2 });

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => client.get(server.url(`/slow?page=${index}`))),
    );

    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
    expect(client.stats.requests).toBe(6);
    expect(client.stats.byHost).toEqual({ [server.host]: 6 });
  });

  it('spaces request starts to one host by minIntervalMsPerHost', async () => {
    // Frozen clock: each delay is exactly the start time the limiter reserved for that request.
    server.route('/page', respond(200, HTML, UTF8_HTML));
    const delays: number[] = [];
    const client = makeClient({
      minIntervalMsPerHost: 500,
      maxConcurrentPerHost: 4,
      now: () => 0,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    await Promise.all(
      Array.from({ length: 4 }, (_, index) => client.get(server.url(`/page?n=${index}`))),
    );

    expect(delays).toEqual([500, 1000, 1500]);
    expect(server.requests).toHaveLength(4);
  });

  it('really waits between request starts with the default clock and sleep', async () => {
    server.route('/page', respond(200, HTML, UTF8_HTML));
    const client = makeClient({
      minIntervalMsPerHost: 60,
      maxConcurrentPerHost: 4,
      sleep: undefined,
      now: undefined,
    });
    const started = performance.now();

    await Promise.all(
      Array.from({ length: 4 }, (_, index) => client.get(server.url(`/page?n=${index}`))),
    );

    // A lower bound only: a loaded machine makes this slower, never faster (1 ms per start of
    // slack for Date.now() resolution).
    expect(performance.now() - started).toBeGreaterThanOrEqual(3 * 60 - 3);
    expect(server.requests).toHaveLength(4);
  });
});

describe('HttpClient: retries and timeouts', () => {
  it('gives up with timeout-headers after maxAttempts when headers never come in time', async () => {
    // The server never answers; 200 ms leaves a loaded machine time to log each attempt.
    server.route('/stuck', () => {});
    const client = makeClient({ headersTimeoutMs: 200, maxAttempts: 3, retryBaseDelayMs: 100 });

    const error = await failureOf(client.get(server.url('/stuck')));

    expect(error.reason).toBe('timeout-headers');
    expect(error.attempts).toBe(3);
    expect(server.requestsTo('/stuck')).toHaveLength(3);
    // Full jitter with random() = 0.5: half of 100, then half of 200.
    expect(clock.delays).toEqual([50, 100]);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2, failures: 1 });
    expect(client.stats.failuresByReason).toEqual({ 'timeout-headers': 1 });
  });

  it('fails with timeout-body when the body stalls after the headers', async () => {
    server.route('/drip', slowBody(300));
    const client = makeClient({ bodyTimeoutMs: 60, maxAttempts: 2 });

    const error = await failureOf(client.get(server.url('/drip')));

    expect(error.reason).toBe('timeout-body');
    expect(error.message).toBe(
      `GET ${server.url('/drip')} failed after 2 attempts: body not complete within 60 ms`,
    );
    expect(server.requestsTo('/drip')).toHaveLength(2);
  });

  it('fails with timeout-connect when the connection cannot be set up in time', async () => {
    const neverResolves: LookupFunction = () => {};
    const client = makeClient({
      connectTimeoutMs: 40,
      maxAttempts: 2,
      lookup: neverResolves,
      allowedHosts: () => true,
    });

    const error = await failureOf(client.get('http://hangs.rednet.cn/'));

    expect(error.reason).toBe('timeout-connect');
    expect(error.attempts).toBe(2);
  });

  it('retries a reset connection and succeeds on the next attempt', async () => {
    server.route('/flaky', sequence(resetConnection(), respond(200, HTML, UTF8_HTML)));

    const response = await makeClient().get(server.url('/flaky'));

    expect(response.text).toBe(HTML);
    expect(response.attempts).toBe(2);
    expect(server.requestsTo('/flaky')).toHaveLength(2);
  });

  it('resends once for free when a reused keep-alive connection turns out to be dead', async () => {
    // Second request: the server drops the reused socket unanswered, as after a Lambda thaw.
    server.route(
      '/list',
      sequence(respond(200, HTML, UTF8_HTML), resetConnection(), respond(200, HTML, UTF8_HTML)),
    );
    const client = makeClient({ maxAttempts: 1 });

    await client.get(server.url('/list'));
    await wait(10);
    const response = await client.get(server.url('/list'));

    expect(response.status).toBe(200);
    expect(response.attempts).toBe(1);
    expect(server.requestsTo('/list')).toHaveLength(3);
    expect(clock.delays).toEqual([]);
  });

  it('reports a network failure after maxAttempts when every connection is reset', async () => {
    server.route('/down', resetConnection());

    const error = await failureOf(makeClient({ maxAttempts: 3 }).get(server.url('/down')));

    expect(error.reason).toBe('network');
    expect(error.attempts).toBe(3);
    expect(server.requestsTo('/down')).toHaveLength(3);
  });

  it('treats a body shorter than its Content-Length as an error and retries it', async () => {
    server.route(
      '/cut',
      sequence(truncatedBody(5_000, '<html><body>half'), respond(200, HTML, UTF8_HTML)),
    );

    const response = await makeClient().get(server.url('/cut'));

    expect(response.text).toBe(HTML);
    expect(server.requestsTo('/cut')).toHaveLength(2);
  });

  it('never returns a truncated body, even after the last attempt', async () => {
    server.route('/cut', truncatedBody(5_000, '<html><body>half'));

    const error = await failureOf(makeClient({ maxAttempts: 2 }).get(server.url('/cut')));

    expect(error.reason).toBe('network');
    expect(error.message).toContain('connection closed before the body was complete');
    expect(server.requestsTo('/cut')).toHaveLength(2);
  });

  it('waits exactly as long as Retry-After asks on a 429, then succeeds', async () => {
    server.route(
      '/busy',
      sequence(respond(429, 'slow down', { 'retry-after': '2' }), respond(200, HTML, UTF8_HTML)),
    );

    const response = await makeClient().get(server.url('/busy'));

    expect(clock.delays).toEqual([2000]);
    expect(response.status).toBe(200);
    expect(server.requestsTo('/busy')).toHaveLength(2);
  });

  it('understands Retry-After given as an HTTP date', async () => {
    const retryAt = new Date(clock.now() + 5_000).toUTCString();
    server.route(
      '/busy',
      sequence(respond(503, '', { 'retry-after': retryAt }), respond(200, HTML, UTF8_HTML)),
    );

    await makeClient().get(server.url('/busy'));

    // toUTCString drops milliseconds, so the wait is within one second below 5 s.
    expect(clock.delays).toHaveLength(1);
    expect(clock.delays[0]).toBeGreaterThan(4_000);
    expect(clock.delays[0]).toBeLessThanOrEqual(5_000);
  });

  it('fails fast instead of waiting when Retry-After exceeds maxRetryAfterMs', async () => {
    server.route('/busy', respond(429, '', { 'retry-after': '3600' }));

    const error = await failureOf(makeClient({ maxRetryAfterMs: 30_000 }).get(server.url('/busy')));

    expect(error).toBeInstanceOf(FetchError);
    expect(error.status).toBe(429);
    expect(error.message).toContain('Retry-After 3600000 ms');
    expect(clock.delays).toEqual([]);
    expect(server.requestsTo('/busy')).toHaveLength(1);
  });

  it('retries a 503 once and succeeds with exactly two requests', async () => {
    server.route('/blip', sequence(respond(503, 'busy'), respond(200, HTML, UTF8_HTML)));

    const response = await makeClient().get(server.url('/blip'));

    expect(response.status).toBe(200);
    expect(response.attempts).toBe(2);
    expect(server.requestsTo('/blip')).toHaveLength(2);
  });

  it('reports a persistent 503 in one clear line', async () => {
    server.route('/gone-away', respond(503, 'busy'));

    const error = await failureOf(makeClient().get(server.url('/gone-away')));

    expect(error.message).toBe(`GET ${server.url('/gone-away')} failed after 3 attempts: HTTP 503`);
    expect(error).toMatchObject({ reason: 'http-status', status: 503, attempts: 3 });
  });

  it('does not retry a 404', async () => {
    server.route('/missing', respond(404, 'not found'));
    const client = makeClient();

    const error = await failureOf(client.get(server.url('/missing')));

    expect(error).toBeInstanceOf(FetchError);
    expect(error).toMatchObject({ reason: 'http-status', status: 404, attempts: 1 });
    expect(server.requestsTo('/missing')).toHaveLength(1);
    expect(clock.delays).toEqual([]);
    expect(client.stats.retries).toBe(0);
  });
});

describe('HttpClient: cancellation', () => {
  it('stops a request in flight when the caller aborts', async () => {
    const controller = new AbortController();
    // The abort fires once the request is on the server and waiting for headers, never earlier.
    server.route('/stuck', () => controller.abort(new Error('cycle budget spent')));
    const client = makeClient({ headersTimeoutMs: 10_000 });
    const started = performance.now();

    const error = await failureOf(client.get(server.url('/stuck'), { signal: controller.signal }));
    await server.settled();

    expect(error).toMatchObject({ reason: 'aborted', attempts: 1 });
    expect(error.message).toContain('aborted (cycle budget spent)');
    // Far below the 10 s header deadline: the abort, not a timeout, ended it.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requestsTo('/stuck')).toHaveLength(1);
    expect(server.requestsTo('/stuck')[0]?.closedEarly).toBe(true);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const client = makeClient();

    const error = await failureOf(client.get(server.url('/page'), { signal: AbortSignal.abort() }));

    expect(error).toMatchObject({ reason: 'aborted', attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });

  it('cuts a retry wait short instead of sleeping it out', async () => {
    server.route('/busy', respond(503));
    // Real sleep: the first backoff would be 5 s (half of the 10 s cap with random() = 0.5).
    const client = makeClient({
      sleep: undefined,
      retryBaseDelayMs: 20_000,
      retryMaxDelayMs: 10_000,
    });
    const started = performance.now();

    const error = await failureOf(
      client.get(server.url('/busy'), { signal: AbortSignal.timeout(50) }),
    );

    expect(error.reason).toBe('aborted');
    expect(error.message).toContain('while waiting to retry after HTTP 503');
    expect(error.attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(server.requestsTo('/busy')).toHaveLength(1);
  });
});

describe('HttpClient: body size', () => {
  it('cuts off a 50 MB stream at maxBodyBytes without buffering it', async () => {
    const total = 50 * 1024 * 1024;
    server.route('/huge', streamBytes(total));
    const client = makeClient({ maxBodyBytes: 1024 * 1024 });
    const started = performance.now();

    const error = await failureOf(client.get(server.url('/huge')));
    await server.settled();

    expect(error.reason).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(2_000);
    const [record] = server.requestsTo('/huge');
    expect(server.requestsTo('/huge')).toHaveLength(1);
    expect(record?.closedEarly).toBe(true);
    expect(record?.bytesSent).toBeLessThan(total / 4);
  });

  it('refuses a declared Content-Length above the cap before reading the body', async () => {
    server.route('/declared', (_req, res) => {
      res.writeHead(200, { 'content-length': 5 * 1024 * 1024, ...UTF8_HTML });
      res.write('<html>');
    });

    const error = await failureOf(
      makeClient({ maxBodyBytes: 1024 * 1024 }).get(server.url('/declared')),
    );

    expect(error.reason).toBe('too-large');
    expect(error.message).toContain('Content-Length 5242880 exceeds 1048576 bytes');
  });

  it('stops a gzip bomb at the decompressed size cap', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '));
    server.route('/bomb', respond(200, bomb, { ...UTF8_HTML, 'content-encoding': 'gzip' }));

    const error = await failureOf(
      makeClient({ maxBodyBytes: 1024 * 1024 }).get(server.url('/bomb')),
    );

    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(error.reason).toBe('too-large');
    expect(server.requestsTo('/bomb')).toHaveLength(1);
  });
});

describe('HttpClient: decoding', () => {
  const chinese = '<html><body><p>衡阳市地区生产总值增长5.8%</p></body></html>';

  it('decompresses a gzip body', async () => {
    server.route(
      '/gz',
      respond(200, gzipSync(chinese), { ...UTF8_HTML, 'content-encoding': 'gzip' }),
    );

    const response = await makeClient().get(server.url('/gz'));

    expect(response.text).toBe(chinese);
    expect(response.bytes.byteLength).toBe(Buffer.byteLength(chinese));
  });

  it('decompresses a brotli body', async () => {
    server.route(
      '/br',
      respond(200, brotliCompressSync(chinese), { ...UTF8_HTML, 'content-encoding': 'br' }),
    );

    const response = await makeClient().get(server.url('/br'));

    expect(response.text).toBe(chinese);
  });

  it('accepts raw deflate bodies that some servers send as "deflate"', async () => {
    server.route(
      '/deflate',
      respond(200, deflateRawSync(chinese), { ...UTF8_HTML, 'content-encoding': 'deflate' }),
    );

    const response = await makeClient().get(server.url('/deflate'));

    expect(response.text).toBe(chinese);
  });

  it('reports a corrupt compressed body as content-decoding, without retrying', async () => {
    server.route('/corrupt', respond(200, 'not gzip at all', { 'content-encoding': 'gzip' }));

    const error = await failureOf(makeClient().get(server.url('/corrupt')));

    expect(error.reason).toBe('content-decoding');
    expect(server.requestsTo('/corrupt')).toHaveLength(1);
  });

  it('decodes GBK bytes served without any charset', async () => {
    const gbk = readFileSync('test/fixtures/http/gbk-page.html');
    server.route('/gbk', respond(200, gbk, { 'content-type': 'text/html' }));

    const response = await makeClient().get(server.url('/gbk'));

    expect(response.text).toContain('<title>衡阳市2025年国民经济和社会发展统计公报</title>');
    expect(response.text).toContain('全市地区生产总值4412.5亿元，比上年增长5.8%。');
    expect(response.encoding).toBe('gb18030');
    expect(Buffer.from(response.bytes).equals(gbk)).toBe(true);
  });
});

describe('HttpClient: redirects', () => {
  it('follows a redirect on the same host and reports the final URL', async () => {
    server.route('/old', redirect('/new', 301));
    server.route('/new', respond(200, HTML, UTF8_HTML));

    const response = await makeClient().get(server.url('/old'));

    expect(response.url).toBe(server.url('/new'));
    expect(response.text).toBe(HTML);
    expect(server.requests.map((request) => request.path)).toEqual(['/old', '/new']);
  });

  it('detects a redirect loop without hammering the server', async () => {
    server.route('/a', redirect('/b'));
    server.route('/b', redirect('/a'));

    const error = await failureOf(makeClient().get(server.url('/a')));

    expect(error.reason).toBe('redirect-loop');
    expect(server.requests.length).toBeLessThanOrEqual(6);
    expect(server.requests).toHaveLength(2);
  });

  it('stops after maxRedirects hops of an endless redirect chain', async () => {
    for (let step = 0; step < 20; step += 1) {
      server.route(`/step-${step}`, redirect(`/step-${step + 1}`));
    }

    const error = await failureOf(makeClient({ maxRedirects: 5 }).get(server.url('/step-0')));

    expect(error.reason).toBe('too-many-redirects');
    expect(server.requests).toHaveLength(6);
    expect(error.failedUrl).toBe(server.url('/step-5'));
  });

  it('refuses a redirect to a host outside the policy and never contacts it', async () => {
    const other = await startFaultServer();
    try {
      other.route('/landing', respond(200, HTML, UTF8_HTML));
      server.route('/jump', redirect(other.url('/landing')));
      const client = makeClient({ allowedHosts: (host) => host === server.host });

      const error = await failureOf(client.get(server.url('/jump')));

      expect(error.reason).toBe('host-not-allowed');
      expect(error.message).toContain(`redirect to host ${other.host} refused`);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('refuses a redirect to a non-http scheme', async () => {
    server.route('/jump', redirect('file:///etc/passwd'));

    const error = await failureOf(makeClient().get(server.url('/jump')));

    expect(error.reason).toBe('redirect-blocked');
  });

  it('refuses a public name that resolves to a loopback address, before any request', async () => {
    const toLoopback: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const client = makeClient({ lookup: toLoopback });

    // Port 80: the lookup guard refuses the name before any connection is tried.
    const error = await failureOf(client.get('http://news.rednet.cn/list'));

    expect(error.reason).toBe('host-not-allowed');
    expect(error.message).toContain('resolves to blocked address 127.0.0.1');
    expect(error.attempts).toBe(1);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a non-local source on a port other than 80 or 443, before any lookup', async () => {
    const error = await failureOf(makeClient().get(`http://news.rednet.cn:${server.port}/list`));

    expect(error.reason).toBe('host-not-allowed');
    expect(error.message).toContain(`port ${server.port} is not allowed`);
    expect(error.attempts).toBe(0);
  });
});

describe('HttpClient: input and reporting', () => {
  it('rejects a URL that is not absolute http(s) without any request', async () => {
    const client = makeClient();

    const relative = await failureOf(client.get('/news/list.html'));
    const ftp = await failureOf(client.get('ftp://rednet.cn/file'));

    expect(relative.reason).toBe('invalid-url');
    expect(ftp.reason).toBe('invalid-url');
    expect(client.stats.requests).toBe(0);
  });

  it('refuses a first request to a host outside the policy', async () => {
    const client = makeClient({ allowedHosts: (host) => host.endsWith('.rednet.cn') });

    const error = await failureOf(client.get(server.url('/page')));

    expect(error.reason).toBe('host-not-allowed');
    expect(server.requests).toHaveLength(0);
  });

  it('counts failures by reason for the cycle summary', async () => {
    server.route('/missing', respond(404));
    server.route('/ok', respond(200, HTML, UTF8_HTML));
    const client = makeClient();

    const results = await Promise.allSettled([
      client.get(server.url('/missing')),
      client.get('not a url'),
      client.get(server.url('/ok')),
    ]);
    const errors = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason] : [],
    );

    expect(summariseFetchErrors([...errors, new Error('boom')])).toEqual({
      'http-status': 1,
      'invalid-url': 1,
      other: 1,
    });
    expect(client.stats.failuresByReason).toEqual({ 'http-status': 1, 'invalid-url': 1 });
    expect(client.stats.failures).toBe(2);
  });

  it('rejects nonsensical options with a clear message', () => {
    expect(() => new HttpClient({ maxAttempts: 0 })).toThrow(
      'HttpClient option maxAttempts must be a number >= 1, got 0',
    );
  });

  it('does not leave sockets busy after a timed-out request', async () => {
    server.route('/stuck', () => {});
    const client = makeClient({ headersTimeoutMs: 200, maxAttempts: 1 });

    const error = await failureOf(client.get(server.url('/stuck')));
    await server.settled();

    expect(error.reason).toBe('timeout-headers');
    expect(server.requestsTo('/stuck')[0]?.closedEarly).toBe(true);
  });
});
