import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A local HTTP server (127.0.0.1, ephemeral port) whose routes inject faults: slow headers, slow or
 * truncated bodies, resets, redirects, huge streams. It records every request it receives and
 * how each response ended, so tests can assert request counts and that the client hung up.
 */

interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** 1 for the first request to this path, 2 for the second, … */
  hit: number;
  /** performance.now() when the request arrived. */
  receivedAt: number;
  /** Requests in flight (this one included) when it arrived. */
  inFlightAtArrival: number;
  /** Set when the response closed: true if the client went away before the response finished. */
  closedEarly: boolean | null;
  /** Body bytes the server managed to write (streaming routes count them). */
  bytesSent: number;
}

export type FaultHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
) => void | Promise<void>;

export interface FaultServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`, as URL.host spells it. */
  host: string;
  port: number;
  url(path: string): string;
  route(path: string, handler: FaultHandler): void;
  readonly requests: RecordedRequest[];
  requestsTo(path: string): RecordedRequest[];
  /** Highest number of requests in flight at once. */
  readonly maxInFlight: number;
  /** Resolves once every recorded response has closed (finished or cut off). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultServer(): Promise<FaultServer> {
  const routes = new Map<string, FaultHandler>();
  const requests: RecordedRequest[] = [];
  const hits = new Map<string, number>();
  const open = new Set<Promise<void>>();
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      hit,
      receivedAt: performance.now(),
      inFlightAtArrival: inFlight,
      closedEarly: null,
      bytesSent: 0,
    };
    requests.push(record);
    const closed = new Promise<void>((resolve) => {
      res.once('close', () => {
        inFlight -= 1;
        record.closedEarly = !res.writableFinished;
        resolve();
      });
    });
    open.add(closed);
    void closed.then(() => open.delete(closed));
    const handler = routes.get(path.split('?')[0] ?? path) ?? respond(404, 'no such route');
    Promise.resolve(handler(req, res, record)).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    url: (path) => `${origin}${path}`,
    route: (path, handler) => routes.set(path, handler),
    requests,
    requestsTo: (path) => requests.filter((request) => request.path === path),
    get maxInFlight() {
      return maxInFlight;
    },
    settled: async () => {
      await Promise.all([...open]);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A complete response. */
export function respond(
  status: number,
  body: string | Uint8Array = '',
  headers: http.OutgoingHttpHeaders = {},
): FaultHandler {
  return (_req, res, record) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
    res.writeHead(status, { 'content-length': bytes.length, ...headers });
    record.bytesSent += bytes.length;
    res.end(bytes);
  };
}

/** Uses the n-th handler for the n-th request to the route; the last one repeats. */
export function sequence(...handlers: FaultHandler[]): FaultHandler {
  return (req, res, record) => {
    const handler = handlers[Math.min(record.hit, handlers.length) - 1];
    if (!handler) throw new Error('sequence() needs at least one handler');
    return handler(req, res, record);
  };
}

/** Waits before answering at all (no status line, no headers). */
export function delayed(ms: number, handler: FaultHandler): FaultHandler {
  return async (req, res, record) => {
    await wait(ms);
    if (res.destroyed) return;
    await handler(req, res, record);
  };
}

/** Drops the TCP connection without answering. */
export function resetConnection(): FaultHandler {
  return (req) => {
    req.socket.destroy();
  };
}

/** Sends headers and the first part of the body, then stalls for `ms` before finishing. */
export function slowBody(ms: number, first = '<html>', rest = '</html>'): FaultHandler {
  return async (_req, res, record) => {
    const total = Buffer.byteLength(first) + Buffer.byteLength(rest);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': total });
    res.write(first);
    record.bytesSent += Buffer.byteLength(first);
    await wait(ms);
    if (res.destroyed) return;
    record.bytesSent += Buffer.byteLength(rest);
    res.end(rest);
  };
}

/** Declares `declared` bytes, sends `body`, then closes the connection. */
export function truncatedBody(declared: number, body: string): FaultHandler {
  return async (req, res, record) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': declared });
    res.write(body);
    record.bytesSent += Buffer.byteLength(body);
    await wait(10);
    req.socket.destroy();
  };
}

export function redirect(location: string, status = 302): FaultHandler {
  return (_req, res) => {
    res.writeHead(status, { location, 'content-length': 0 });
    res.end();
  };
}

/**
 * Streams `totalBytes` of HTML-ish filler with backpressure and no Content-Length (chunked), the
 * way a misbehaving endpoint would; stops as soon as the client hangs up.
 */
export function streamBytes(totalBytes: number, chunkBytes = 64 * 1024): FaultHandler {
  return async (_req, res, record) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const chunk = Buffer.alloc(chunkBytes, 'a');
    while (record.bytesSent < totalBytes) {
      if (res.destroyed) return;
      const size = Math.min(chunkBytes, totalBytes - record.bytesSent);
      record.bytesSent += size;
      const more = res.write(size === chunkBytes ? chunk : chunk.subarray(0, size));
      if (!more) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        });
      }
    }
    res.end();
  };
}
