import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIP } from 'node:net';
import { SECURITY_HEADERS, type Site } from './site.js';

export interface WebServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export interface WebServerOptions {
  site: Site;
  host: string;
  port: number;
  /** Called with each unexpected error (a 500 is answered). */
  onError?: (error: unknown) => void;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

/** The host name of a Host header (`127.0.0.1:8080` → `127.0.0.1`, `[::1]:80` → `[::1]`). */
function hostName(header: string | undefined): string {
  if (!header) return '';
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(header.trim().toLowerCase());
  return match?.[1] ?? '';
}

/**
 * Serves the site with node:http. On a loopback address only loopback Host headers are answered,
 * so a web page elsewhere cannot reach the server through a rebound DNS name.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const loopbackOnly = isLoopbackHost(options.host);
  let origin = '';
  const server = http.createServer(async (req, res) => {
    try {
      if (loopbackOnly && !isLoopbackHost(hostName(req.headers.host))) {
        res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
        res.end('misdirected request: this server answers loopback host names only\n');
        return;
      }
      // Links in feeds use the name the client asked for (checked above on loopback).
      const host = req.headers.host;
      const requestOrigin =
        host && /^[a-z0-9.[\]:-]{1,260}$/i.test(host) ? `http://${host}` : origin;
      const response = await options.site.handle(
        req.method ?? 'GET',
        req.url ?? '/',
        requestOrigin,
      );
      const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
      res.writeHead(response.status, {
        ...response.headers,
        'content-length': String(body.length),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      options.onError?.(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      }
      res.end('internal error: see the server log\n');
    }
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.maxHeadersCount = 50;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostPart}:${address.port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
