import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedStore, openStore } from '../../cli/store-context.js';
import { startWebServer, type WebServer } from '../../web/server.js';
import { createSite } from '../../web/site.js';
import { fillFixtureDb } from '../support/web-fixture.js';
import { makeTempDir, REPO_ROOT } from './cli-harness.js';

/** Debian's chromium (`.ci/run` installs it when missing); no browser is ever downloaded. */
const CHROMIUM = '/usr/bin/chromium';
/** Screenshots of every page (gitignored). */
const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'browser');

const PAGES = [
  { name: 'reports', path: '/' },
  { name: 'reports-filtered', path: `/?hasFigures=1&keyword=${encodeURIComponent('公安')}` },
  { name: 'report', path: '/reports/9850796' },
  { name: 'series-index', path: '/series' },
  { name: 'series', path: `/series?subject=${encodeURIComponent('刑事案件')}` },
  {
    name: 'series-compare',
    path: `/series?subject=${encodeURIComponent('刑事案件')}&subject=${encodeURIComponent('货车超载违法')}&subject=${encodeURIComponent('犯罪嫌疑人')}`,
  },
  { name: 'sources', path: '/sources' },
  { name: 'feed', path: '/feed.atom' },
] as const;

// A browser on 2 shared cores next to the rest of the suite: generous per-test time.
describe('the web view in a real browser (Debian chromium through playwright-core)', {
  timeout: 240_000,
}, () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let opened: OpenedStore;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does this`,
      );
    }
    temp = await makeTempDir('browser');
    const sources = await fillFixtureDb(temp.dir, join(temp.dir, 'db'));
    opened = await openStore({ db: join(temp.dir, 'db') }, temp.dir, {
      mustExist: true,
      home: temp.dir,
    });
    server = await startWebServer({
      site: createSite({
        store: opened.store,
        sources: sources.map((url) => ({ url, name: url })),
      }),
      host: '127.0.0.1',
      port: 0,
    });
    await rm(SCREENSHOT_DIR, { recursive: true, force: true });
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await opened?.close();
    await temp?.remove();
  });

  it('opens every page with no console error, no failed request and no error status', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      for (const { name, path } of PAGES) {
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') {
            problems.push(`console ${message.type()}: ${message.text()}`);
          }
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        page.on('requestfailed', (request) =>
          problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`),
        );
        page.on('response', (response) => {
          if (response.status() >= 400)
            problems.push(`HTTP ${response.status()}: ${response.url()}`);
        });
        const response = await page.goto(`${server.origin}${path}`, { waitUntil: 'load' });
        expect(response?.status(), name).toBe(200);
        if (name.startsWith('series') && name !== 'series-index') {
          await page.waitForSelector('body[data-charts-drawn="true"]', { timeout: 20_000 });
        }
        await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
        expect(problems, name).toEqual([]);
        await page.close();
      }
    } finally {
      await context.close();
    }
  });

  it('draws one mark per point on every series chart, each chart holding the series of one unit', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.origin}${PAGES[5].path}`);
      await page.waitForSelector('body[data-charts-drawn="true"]', { timeout: 20_000 });
      const data = JSON.parse((await page.locator('#series-data').textContent()) ?? '{}') as {
        charts: Array<{ unit: string; series: Array<{ points: unknown[] }> }>;
      };
      const charts = await Promise.all(
        data.charts.map(async (chart, index) => {
          const element = page.locator(`#chart-${index}`);
          return {
            unit: chart.unit,
            lines: chart.series.length,
            given: chart.series.reduce((sum, line) => sum + line.points.length, 0),
            marks: Number(await element.getAttribute('data-marks')),
            points: Number(await element.getAttribute('data-points')),
            canvas: await element.locator('canvas').count(),
          };
        }),
      );
      expect(charts.length).toBe(2);
      for (const chart of charts) {
        expect(chart.given).toBeGreaterThan(0);
        expect(chart.points).toBe(chart.given);
        expect(chart.marks).toBe(chart.given);
        expect(chart.canvas).toBeGreaterThan(0);
      }
      expect(charts.find((chart) => chart.unit === '起')?.lines).toBe(2);
    } finally {
      await page.close();
    }
  });

  it('shows value, unit, subject and change when the pointer rests on a marked figure', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.origin}/reports/9850796`);
      const figure = page.locator('mark.fig', { hasText: '4569起' }).first();
      await figure.hover();
      // Runs in the page: the browser's getComputedStyle (no DOM types in this project's lib).
      type StyleWindow = {
        getComputedStyle(element: unknown, pseudo: string): { content: string };
      };
      const tip = await figure.evaluate(
        (element) =>
          (globalThis as unknown as StyleWindow).getComputedStyle(element, '::after').content,
      );
      expect(tip).toContain('4569 起');
      expect(tip).toContain('刑事案件');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'report-hover.png') });
    } finally {
      await page.close();
    }
  });
});
