import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUARANTINE_AFTER_FAILURES } from '../../functions/monitor/limits.js';
import type { ArticleFailure } from '../../functions/monitor/ports.js';
import { makeTempDir, REPO_ROOT, runInProcess } from './cli-harness.js';

/**
 * What docs/operations.md ("Quarantine") tells an operator, done with the CLI: a column with one
 * article that answers HTTP 500 until it is fixed, cycles with `newsmon run`, then
 * `newsmon query failures` and `newsmon retry <id>`.
 */
const SEED = readFileSync(`${REPO_ROOT}test/fixtures/dev/seed-article.html`, 'utf8');
const GOOD = '20261501';
const BROKEN = '20261502';
const path = (id: string) => `/content/2026/11/27/${id}.html`;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let server: http.Server;
let source: string;
const requests = new Map<string, number>();
let brokenFixed = false;

beforeAll(async () => {
  temp = await makeTempDir('quarantine');
  const list = [GOOD, BROKEN]
    .map(
      (id) =>
        `<li><a href="${path(id)}"><span class="f_left">新闻${id}</span><span class="f_right time">2026-11-27 10:00:00</span></a></li>`,
    )
    .join('');
  server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.set(url, (requests.get(url) ?? 0) + 1);
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (url === '/channel/8888.html') {
      res
        .writeHead(200, html)
        .end(
          `<html><head><title>红网</title></head><body><div id="div_newsList"><ul class="news_list">${list}</ul></div></body></html>`,
        );
    } else if (url === path(GOOD) || (url === path(BROKEN) && brokenFixed)) {
      res.writeHead(200, html).end(SEED);
    } else if (url === path(BROKEN)) {
      res.writeHead(500, html).end('<html><body>Internal Server Error</body></html>');
    } else {
      res.writeHead(404, html).end('<html><body>404</body></html>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  source = `http://127.0.0.1:${(server.address() as AddressInfo).port}/channel/8888.html`;
}, 60_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await temp?.remove();
});

const run = () =>
  runInProcess(['run', '--source', source, '--alert-window', 'all', '--db', 'db'], temp.dir);

async function failures(): Promise<ArticleFailure[]> {
  const result = await runInProcess(
    ['query', 'failures', '--db', 'db', '--format', 'json'],
    temp.dir,
  );
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ArticleFailure[];
}

describe('a quarantined article, seen and retried from the CLI', () => {
  it(`is quarantined after ${QUARANTINE_AFTER_FAILURES} failing runs and listed with its reason and attempts`, async () => {
    for (let n = 0; n < QUARANTINE_AFTER_FAILURES; n++) await run();
    expect(requests.get(path(GOOD))).toBe(1);
    const [failure, ...others] = await failures();
    expect(others).toEqual([]);
    expect(failure).toMatchObject({
      articleId: BROKEN,
      attempts: QUARANTINE_AFTER_FAILURES,
      consecutiveFailures: QUARANTINE_AFTER_FAILURES,
    });
    expect(failure?.reason).toMatch(/HTTP 500/);
    expect(failure?.quarantinedUntil).not.toBeNull();
    const table = await runInProcess(['query', 'failures', '--db', 'db'], temp.dir);
    expect(table.stdout).toContain(BROKEN);
    expect(table.stdout).toContain('attempts');
  }, 120_000);

  it('is not fetched by the next run', async () => {
    const before = requests.get(path(BROKEN));
    await run();
    expect(requests.get(path(BROKEN))).toBe(before);
  }, 60_000);

  it('is fetched at once by newsmon retry: a new failure keeps it quarantined', async () => {
    const before = requests.get(path(BROKEN)) ?? 0;
    const failed = await runInProcess(['retry', BROKEN, '--db', 'db'], temp.dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`article ${BROKEN} failed again`);
    expect(requests.get(path(BROKEN))).toBeGreaterThan(before);
    const [failure] = await failures();
    expect(failure?.attempts).toBe(QUARANTINE_AFTER_FAILURES + 1);
    expect(failure?.quarantinedUntil).not.toBeNull();
  }, 60_000);

  it('is stored by newsmon retry once the page works, and no longer listed as failing', async () => {
    brokenFixed = true;
    const stored = await runInProcess(['retry', BROKEN, '--db', 'db'], temp.dir);
    expect(stored.code, stored.stderr).toBe(0);
    expect(stored.stderr).toContain(`article ${BROKEN} stored`);
    expect(await failures()).toEqual([]);
    const report = await runInProcess(
      ['query', 'report', BROKEN, '--db', 'db', '--format', 'json'],
      temp.dir,
    );
    expect(report.code, report.stderr).toBe(0);
  }, 60_000);
});
