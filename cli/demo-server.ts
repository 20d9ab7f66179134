import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeDateDigits } from '../functions/rednet/article-url.js';
import { toShanghaiIso } from '../functions/shared/shanghai-time.js';
import { packagePath } from './paths.js';

/** The mirror's column page, relative to the server's origin. */
export const DEMO_COLUMN_PATH = '/channel/8001.html';

const DAY_MS = 86_400_000;

/** Fills the date placeholders of a demo page (see cli/demo-site/README.md) relative to `now`. */
function fillDemoDates(template: string, now: Date): string {
  return template.replace(/\{\{(date|md|path):(\d+)\}\}/g, (_, kind: string, days: string) => {
    const ymd = toShanghaiIso(new Date(now.getTime() - Number(days) * DAY_MS)).slice(0, 10);
    const [year = '', month = '', day = ''] = ymd.split('-');
    if (kind === 'date') return ymd;
    if (kind === 'md') return `${Number(month)}月${Number(day)}日`;
    return `${encodeDateDigits(`${year}${month}`)}/${encodeDateDigits(day)}`;
  });
}

/** The demo file answering a request path, or null (404). */
function demoFile(path: string): string | null {
  if (path === DEMO_COLUMN_PATH) return packagePath('cli', 'demo-site', 'channel', '8001.html');
  const article = /^\/content\/(?:\d+\/){2,3}(\d+)\.html$/.exec(path);
  return article?.[1] ? packagePath('cli', 'demo-site', 'content', `${article[1]}.html`) : null;
}

export interface DemoServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the built-in mirror on 127.0.0.1 (an ephemeral port) with ETags, so a second cycle gets
 * 304 Not Modified like it would from the real site.
 */
export async function startDemoServer(now: () => Date = () => new Date()): Promise<DemoServer> {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://demo').pathname;
    const file = demoFile(path);
    let body: string;
    try {
      if (file === null) throw new Error('not found');
      body = fillDemoDates(await readFile(file, 'utf8'), now());
    } catch {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><body>404</body></html>');
      return;
    }
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', etag });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
