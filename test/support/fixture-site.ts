import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Root of the served mirror (test/fixtures/site). */
const FIXTURE_SITE_ROOT = fileURLToPath(new URL('../fixtures/site/', import.meta.url));

/** Pages the mirror serves from another fixture instead of keeping a second copy. */
const SHARED_PAGES: Readonly<Record<string, string>> = {
  '/content/2021/08/26/9850796.html': fileURLToPath(
    new URL('../fixtures/dev/seed-article.html', import.meta.url),
  ),
};

/** The file the mirror serves for a URL path (`/channel/7417.html`). */
export function fixtureFile(path: string): string {
  return SHARED_PAGES[path] ?? `${FIXTURE_SITE_ROOT}${path.replace(/^\/+/, '')}`;
}

interface SiteRequest {
  method: string;
  path: string;
  status: number;
  ifNoneMatch: string | null;
}

type Fault =
  | { kind: 'delay'; ms: number }
  | { kind: 'status'; status: number; times: number }
  | { kind: 'body'; body: string };

export interface FixtureSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path: string): string;
  /** Every request, in arrival order. */
  requests: SiteRequest[];
  /** Wait `ms` before answering `path` (a slow or hanging page). */
  delay(path: string, ms: number): void;
  /** Answer `path` with `status` the next `times` requests (default: always). */
  fail(path: string, status: number, times?: number): void;
  /** Serve `body` instead of the file (a malformed or changed page). */
  serve(path: string, body: string): void;
  /** Remove all faults. */
  reset(): void;
  close(): Promise<void>;
}

export interface FixtureSiteOptions {
  /** Send ETag / Last-Modified and answer conditional requests with 304. @default true */
  validators?: boolean;
}

const LAST_MODIFIED = 'Wed, 01 Oct 2025 08:00:00 GMT';

/**
 * Serves test/fixtures/site by path on 127.0.0.1 (any Host header), with fault hooks and a
 * request log. Started and stopped by the tests.
 */
export async function startFixtureSite(options: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const validators = options.validators ?? true;
  const faults = new Map<string, Fault>();
  const requests: SiteRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    const ifNoneMatch =
      typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : null;
    const record: SiteRequest = { method: req.method ?? 'GET', path, status: 0, ifNoneMatch };
    requests.push(record);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(body);
    };
    const fault = faults.get(path);
    if (fault?.kind === 'delay') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.ms);
        timers.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (res.destroyed || res.writableEnded) return;
    }
    if (fault?.kind === 'status' && fault.times > 0) {
      fault.times--;
      send(fault.status, `<html><body>HTTP ${fault.status}</body></html>`);
      return;
    }
    if (fault?.kind === 'body') {
      send(200, fault.body);
      return;
    }
    let body: Buffer;
    try {
      if (path.includes('..')) throw new Error('no traversal');
      body = await readFile(fixtureFile(path));
    } catch {
      send(404, '<html><body>404</body></html>');
      return;
    }
    if (!validators) {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(body);
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const headers = { etag, 'last-modified': LAST_MODIFIED };
    if (ifNoneMatch === etag) {
      record.status = 304;
      res.writeHead(304, headers);
      res.end();
      return;
    }
    record.status = 200;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    url: (path) => `${origin}${path}`,
    requests,
    delay: (path, ms) => faults.set(path, { kind: 'delay', ms }),
    fail: (path, status, times = Number.POSITIVE_INFINITY) =>
      faults.set(path, { kind: 'status', status, times }),
    serve: (path, body) => faults.set(path, { kind: 'body', body }),
    reset: () => faults.clear(),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
