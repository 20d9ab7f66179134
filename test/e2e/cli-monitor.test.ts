import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringWidth } from '../../cli/text-width.js';
import { extractMetrics } from '../../functions/metrics/index.js';
import type { StoredReport } from '../../functions/monitor/ports.js';
import { parseArticlePage } from '../../functions/rednet/article-page.js';
import type { Article } from '../../functions/rednet/types.js';
import { type FixtureSite, fixtureFile, startFixtureSite } from '../support/fixture-site.js';
import {
  collect,
  lines,
  makeTempDir,
  runCli,
  runInProcess,
  spawnCli,
  waitForStderr,
} from './cli-harness.js';

// test/fixtures/site/README.md: column 7417 lists three articles on page 1 and one on page 2.
const PAGE_1_PATHS = [
  '/content/646943/59/15279344.html',
  '/content/2021/11/09/10391527.html',
  '/content/2021/08/26/9850796.html',
];
const PAGE_2_PATH = '/content/2020/05/21/7251630.html';
const SEED_ID = '9850796';

function expectOneLine(text: string, pattern: RegExp): void {
  expect(lines(text)).toHaveLength(1);
  expect(text).toMatch(pattern);
}

interface AlertLine {
  article: Article;
  metrics: ReturnType<typeof extractMetrics>;
}

/** What the CLI should report for a fixture page: the site module's parse and the extractor. */
async function expectedFor(site: FixtureSite, path: string): Promise<AlertLine> {
  const html = await readFile(fixtureFile(path), 'utf8');
  const parsed = parseArticlePage(html, site.url(path), { encoding: 'utf-8' });
  if (!parsed.ok) throw new Error(`fixture ${path} does not parse: ${parsed.error.message}`);
  return { article: parsed.article, metrics: extractMetrics(parsed.article.text) };
}

describe('newsmon run and query against the local fixture site', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let source: string;

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('run');
    source = site.url('/channel/7417.html');
  });

  afterAll(async () => {
    await site?.close();
    await temp?.remove();
  });

  it('prints one JSON alert per new fixture article, with the figures the extractor finds', async () => {
    const result = await runCli(['run', '--source', source, '--json', '--alert-window', 'all'], {
      cwd: temp.dir,
    });
    expect(result.stderr).toContain('3 new, 3 stored');
    expect(result.code).toBe(0);
    const alerts = lines(result.stdout).map((line) => JSON.parse(line) as AlertLine);
    expect(alerts.map((alert) => alert.article.url).sort()).toEqual(
      PAGE_1_PATHS.map((path) => site.url(path)).sort(),
    );
    for (const alert of alerts) {
      const path = new URL(alert.article.url).pathname;
      const expected = await expectedFor(site, path);
      expect(alert.article).toEqual(expected.article);
      expect(alert.metrics).toEqual(expected.metrics);
    }
    const seed = alerts.find((alert) => alert.article.id === SEED_ID);
    expect(seed?.article.title).toBe('衡阳公安一年来“牢记重要训词 履行职责使命”成效显著');
    expect(seed?.metrics.map((metric) => metric.text)).toContain('4569起');
  });

  it('prints each alert readably by default, as the e-mail text, and the summary on stderr', async () => {
    const dir = await makeTempDir('run-text');
    try {
      const result = await runInProcess(
        ['run', '--source', source, '--alert-window', 'all', '--db', 'db'],
        dir.dir,
      );
      expect(result.code).toBe(0);
      expect(result.stdout.match(/^── new report ─+$/gm)).toHaveLength(3);
      expect(result.stdout).toContain('衡阳公安一年来“牢记重要训词 履行职责使命”成效显著');
      expect(result.stdout).toContain(`链接 Link: ${site.url(PAGE_1_PATHS[2] ?? '')}`);
      expect(result.stdout).toContain('• 破 刑事案件 4569起');
      expect(result.stderr).toMatch(/^newsmon: cycle done in .*3 new, 3 stored, .*3 alerted$/m);
    } finally {
      await dir.remove();
    }
  });

  it('alerts nothing on a second cycle over the same pages', async () => {
    const result = await runCli(['run', '--source', source, '--json', '--alert-window', 'all'], {
      cwd: temp.dir,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/0 new, 0 stored/);
  });

  it('lists the stored reports as JSON, CSV and an aligned table', async () => {
    const json = await runCli(['query', 'reports', '--format', 'json'], { cwd: temp.dir });
    expect(json.code).toBe(0);
    const reports = JSON.parse(json.stdout) as StoredReport[];
    expect(reports.map((report) => report.article.id).sort()).toEqual([
      '10391527',
      '15279344',
      '9850796',
    ]);
    // Newest first.
    expect(reports[0]?.article.id).toBe('15279344');
    const seedExpected = await expectedFor(site, PAGE_1_PATHS[2] ?? '');
    expect(reports.find((report) => report.article.id === SEED_ID)?.metrics).toEqual(
      seedExpected.metrics,
    );

    const csv = await runCli(['query', 'reports', '--format', 'csv'], { cwd: temp.dir });
    const csvLines = csv.stdout.split('\r\n').filter(Boolean);
    expect(csvLines[0]).toBe(
      'id,publishedAt,site,channel,title,source,author,editor,figures,url,discoveredAt,alertState',
    );
    expect(csvLines).toHaveLength(4);
    expect(csvLines.find((line) => line.startsWith(`${SEED_ID},`))).toContain(
      `,${seedExpected.metrics.length},`,
    );

    const table = await runCli(['query', 'reports'], { cwd: temp.dir });
    const rows = lines(table.stdout);
    expect(rows).toHaveLength(5);
    // Every row's title column starts at the same display column, CJK or not.
    const titleColumn = stringWidth(rows[0]?.slice(0, rows[0].indexOf('title')) ?? '');
    for (const [index, expected] of reports.entries()) {
      const row = rows[index + 2] ?? '';
      const title = expected.article.title ?? '';
      const at = row.indexOf(title.slice(0, 4));
      expect(at).toBeGreaterThan(0);
      expect(stringWidth(row.slice(0, at))).toBe(titleColumn);
    }
  });

  it('shows one report with its figures, and a series and a metrics search across reports', async () => {
    const seedExpected = await expectedFor(site, PAGE_1_PATHS[2] ?? '');
    const report = await runCli(['query', 'report', SEED_ID, '--format', 'json'], {
      cwd: temp.dir,
    });
    expect(report.code).toBe(0);
    const stored = JSON.parse(report.stdout) as StoredReport;
    expect(stored.article).toEqual(seedExpected.article);
    expect(stored.metrics).toEqual(seedExpected.metrics);
    expect(stored.sourceUrl).toBe(source);

    const cases = seedExpected.metrics.find((metric) => metric.subject === '刑事案件');
    expect(cases?.normalized).toEqual({ value: 4569, unit: '起' });
    const series = await runCli(
      ['query', 'series', '刑事案件', '--unit', '起', '--format', 'csv'],
      { cwd: temp.dir },
    );
    expect(series.code).toBe(0);
    const seriesLines = series.stdout.split('\r\n').filter(Boolean);
    expect(seriesLines[0]).toBe(
      'key,subject,action,kind,unit,value,period,periodText,publishedAt,articleId,text',
    );
    expect(
      seriesLines
        .slice(1)
        .some(
          (line) =>
            line.startsWith('刑事案件|破获|level|起,刑事案件,破获,level,起,4569,') &&
            line.endsWith(`,2021-08-26T10:05:12+08:00,${SEED_ID},4569起`),
        ),
    ).toBe(true);

    const expectedRows = seedExpected.metrics.filter(
      (metric) => (metric.subject ?? '').includes('案件') && metric.normalized.value >= 100,
    );
    expect(expectedRows.length).toBeGreaterThan(1);
    const metrics = await runCli(['query', 'metrics', '--subject', '案件', '--min-value', '100'], {
      cwd: temp.dir,
    });
    expect(metrics.code).toBe(0);
    const tableRows = lines(metrics.stdout).slice(2);
    expect(tableRows).toHaveLength(expectedRows.length);
    for (const [index, metric] of expectedRows.entries())
      expect(tableRows[index]).toContain(metric.text);
  });

  it('refuses a second process during a watch cycle, lets it query between cycles, and stops on Ctrl-C', async () => {
    // A slow list page keeps the first cycle (and the database lock) busy for a while.
    site.delay('/channel/7417.html', 4_000);
    const watcher = spawnCli(['run', '--source', source, '--watch', '1h'], { cwd: temp.dir });
    const done = collect(watcher);
    await waitForStderr(watcher, 'cycle 1:');
    const during = await runCli(['query', 'reports'], { cwd: temp.dir });
    expect(during.code).toBe(1);
    expectOneLine(during.stderr, /^newsmon: database is locked \(another newsmon is running\?\)/);

    await waitForStderr(watcher, 'next cycle in 1h');
    site.reset();
    const between = await runCli(['query', 'reports', '--format', 'json'], { cwd: temp.dir });
    expect(between.code).toBe(0);
    expect(JSON.parse(between.stdout)).toHaveLength(3);

    const stoppedAt = Date.now();
    watcher.kill('SIGINT');
    const watched = await done;
    expect(watched.code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(watched.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails per source with a clear summary and exit 1 when no source is reachable', async () => {
    const offline = await makeTempDir('offline');
    try {
      // Nothing listens on port 1 of the loopback interface: the connection is refused at once.
      const result = await runCli(['run', '--source', 'http://127.0.0.1:1/channel/7417.html'], {
        cwd: offline.dir,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('(1 failed)');
      expect(result.stderr).toMatch(
        /✗ 1 × \[failed\] network: .*ECONNREFUSED.* \(http:\/\/127\.0\.0\.1:1\/channel\/7417\.html\)/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await offline.remove();
    }
  });
});

describe('newsmon backfill against the local fixture site', () => {
  let site: FixtureSite;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    site = await startFixtureSite();
    temp = await makeTempDir('backfill');
  });

  afterAll(async () => {
    await site?.close();
    await temp?.remove();
  });

  it('stores page 1, then resumes at page 2 without reading page 1 again, alerting nothing', async () => {
    const source = site.url('/channel/7417.html');
    const first = await runCli(['backfill', '--pages', '1', '--source', source], { cwd: temp.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toContain('3 new, 3 stored');

    site.requests.length = 0;
    const second = await runCli(['backfill', '--pages', '2', '--source', source], {
      cwd: temp.dir,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    const listRequests = site.requests.filter((request) => request.path.startsWith('/channel/'));
    expect(listRequests.map((request) => request.path)).toEqual(['/channel/7417_2.html']);
    expect(site.requests.map((request) => request.path)).toContain(PAGE_2_PATH);
    expect(second.stderr).toContain('1 new, 1 stored');

    const reports = await runCli(['query', 'reports', '--format', 'json'], { cwd: temp.dir });
    const stored = JSON.parse(reports.stdout) as StoredReport[];
    expect(stored).toHaveLength(4);
    expect(stored.every((report) => report.alertState === 'suppressed')).toBe(true);
  });

  it('stops between pages on Ctrl-C and continues from the saved page on the next run', async () => {
    const dir = await makeTempDir('backfill-int');
    try {
      const column = site.url('/channel/7417.html');
      const other = site.url('/channel/7399.html');
      site.delay('/channel/7417.html', 1_500);
      site.requests.length = 0;
      const child = spawnCli(['backfill', '--pages', '2', '--source', column, '--source', other], {
        cwd: dir.dir,
      });
      const done = collect(child);
      await waitForStderr(child, 'page 1');
      child.kill('SIGINT');
      const stopped = await done;
      site.reset();
      expect(stopped.code).toBe(0);
      expect(stopped.stderr).toContain('backfill stopped');
      // The page in progress was finished and saved; nothing after it was started.
      expect(
        site.requests.map((request) => request.path).filter((path) => path.startsWith('/channel/')),
      ).toEqual(['/channel/7417.html']);

      site.requests.length = 0;
      const resumed = await runCli(
        ['backfill', '--pages', '2', '--source', column, '--source', other],
        { cwd: dir.dir },
      );
      expect(resumed.code).toBe(0);
      expect(
        site.requests.map((request) => request.path).filter((path) => path.startsWith('/channel/')),
      ).toEqual(['/channel/7417_2.html', '/channel/7399.html', '/channel/7399_2.html']);
      expect(resumed.stderr).toContain('backfill done');
    } finally {
      await dir.remove();
    }
  });

  it('exits 1 naming an article that failed, and fetches it again on the next run', async () => {
    const dir = await makeTempDir('backfill-retry');
    try {
      const column = site.url('/channel/7417.html');
      site.fail(PAGE_2_PATH, 404);
      const failed = await runCli(['backfill', '--pages', '2', '--source', column], {
        cwd: dir.dir,
      });
      site.reset();
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`✗ 1 × http-status: HTTP 404 (${site.url(PAGE_2_PATH)})`);
      expect(failed.stderr).toContain('3 stored');
      expect(failed.stderr).toContain('1 failed');

      site.requests.length = 0;
      const retried = await runCli(['backfill', '--pages', '2', '--source', column], {
        cwd: dir.dir,
      });
      expect(retried.code).toBe(0);
      // Only the failed article is fetched: both list pages were completed the first time.
      expect(site.requests.map((request) => request.path)).toEqual([PAGE_2_PATH]);
      expect(retried.stderr).toContain('1 stored');
    } finally {
      await dir.remove();
    }
  });

  it('groups failed articles by cause with counts, and the failed count agrees with the list', async () => {
    const dir = await makeTempDir('backfill-grouped');
    try {
      const column = site.url('/channel/7417.html');
      const [first, second] = PAGE_1_PATHS;
      site.fail(first ?? '', 500);
      site.fail(second ?? '', 500);
      const result = await runCli(['backfill', '--pages', '2', '--source', column], {
        cwd: dir.dir,
      });
      site.reset();
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/backfill done: .*, 2 stored, .*, 2 failed\n/);
      const failures = lines(result.stderr).filter((line) => line.includes('✗'));
      expect(failures).toEqual([
        `newsmon:   ✗ 2 × http-status: HTTP 500 (${site.url(first ?? '')}, ${site.url(second ?? '')})`,
      ]);
      // One line per cause, not a warning per failed article as well.
      expect(result.stderr).not.toContain('warn:');
    } finally {
      await dir.remove();
    }
  });

  it('prints one grouped line when no source is reachable (offline), not one per source', async () => {
    const dir = await makeTempDir('backfill-offline');
    try {
      // Nothing listens on port 1 of the loopback interface: every connection is refused.
      const sources = ['7417', '7399', '7400'].flatMap((id) => [
        '--source',
        `http://127.0.0.1:1/channel/${id}.html`,
      ]);
      const result = await runCli(['backfill', '--pages', '2', ...sources], { cwd: dir.dir });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/backfill done: 0 list pages read, .*, 3 failed\n/);
      expect(result.stderr).not.toContain('progress saved');
      const failures = lines(result.stderr).filter((line) => line.includes('✗'));
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(
        /^newsmon: {3}✗ 3 × network: .*ECONNREFUSED <host>:1 \(http:\/\/127\.0\.0\.1:1\/channel\/7417\.html, .*, … 1 more\)$/,
      );
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await dir.remove();
    }
  });

  it('resumes from a progress file written by an earlier version', async () => {
    const dir = await makeTempDir('backfill-old-progress');
    try {
      const column = site.url('/channel/7417.html');
      // A first backfill of another column creates the database and its progress file.
      const other = site.url('/channel/7399.html');
      const created = await runCli(['backfill', '--pages', '1', '--source', other], {
        cwd: dir.dir,
      });
      expect(created.code).toBe(0);
      const saved = /progress saved in (\S+)/.exec(created.stderr)?.[1] ?? '';
      const path = join(dir.dir, saved);
      const { store } = JSON.parse(await readFile(path, 'utf8')) as { store: string };
      const failedPath = PAGE_1_PATHS[0] ?? '';
      // The first layout: no nextUrlGuessed, page 1 done with one article left to retry.
      await writeFile(
        path,
        JSON.stringify({
          version: 1,
          store,
          sources: {
            [column]: {
              completedPages: 1,
              nextUrl: site.url('/channel/7417_2.html'),
              exhausted: false,
              failed: [
                {
                  id: '15279344',
                  url: site.url(failedPath),
                  site: 'hy',
                  title: null,
                  listedAt: null,
                  urlDate: '2025-09-15',
                },
              ],
              updatedAt: '2026-11-20T08:00:00.000Z',
            },
          },
        }),
      );

      site.requests.length = 0;
      const resumed = await runCli(['backfill', '--pages', '2', '--source', column], {
        cwd: dir.dir,
      });
      expect(resumed.code).toBe(0);
      expect(site.requests.map((request) => request.path)).toEqual([
        failedPath,
        '/channel/7417_2.html',
        PAGE_2_PATH,
      ]);
      expect(resumed.stderr).toContain('2 stored');
      const after = JSON.parse(await readFile(path, 'utf8')) as {
        sources: Record<string, { completedPages: number; failed: unknown[] }>;
      };
      expect(after.sources[column]).toMatchObject({ completedPages: 2, failed: [] });
      expect(after.sources[other]).toBeUndefined();
    } finally {
      await dir.remove();
    }
  });
});
