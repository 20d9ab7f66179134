import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE_MARGIN_MS } from '../../functions/monitor/limits.js';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemSize } from '../../functions/store/item-budget.js';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-dynamodb.js';
import { type LocalSns, startLocalSns } from '../support/local-sns.js';
import { type MonitorProcess, startMonitorProcess } from '../support/monitor-process.js';
import { monitorEnv } from './handler-env.js';
import { deliveredIds, settleDeliveries } from './real-deps.js';

/**
 * Done-when test of the unattended monitor: one column mixing normal articles with every hostile
 * page we know of, two cycles of the Lambda handler in a process of its own, on AWS's DynamoDB
 * Local (real size and key limits) and a local SNS.
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
 * The Lambda's memory: the monitor process (the handler and everything it loads, tsx included)
 * must stay under it over both cycles. The site, the databases and vitest run in the test's own
 * process, as they do outside Lambda.
 */
const LAMBDA_MEMORY_MB = 256;

let db: LocalDynamoDb;
let sns: LocalSns;

beforeAll(async () => {
  [db, sns] = await Promise.all([startLocalDynamoDb('newsmon-hostile', 'local'), startLocalSns()]);
}, 240_000);

afterAll(async () => {
  await Promise.all([db?.close(), sns?.close()]);
});

/** A monitor process watching `site`'s column and writing to `table`. */
function monitorFor(site: Site, table: LocalDynamoDb): Promise<MonitorProcess> {
  return startMonitorProcess(
    monitorEnv({
      tableName: table.tableName,
      topicArn: sns.topicArn,
      dynamoEndpoint: table.endpoint,
      snsEndpoint: sns.endpoint,
      sources: [{ url: `${site.origin}/channel/9999.html`, name: '衡阳' }],
    }),
  );
}

/** Cycles get two minutes: the handler keeps its deadline margin out of the remaining time. */
const REMAINING_MS = 120_000 + DEADLINE_MARGIN_MS;

/** Alerts delivered per article id since `from` deliveries. */
async function alertsSince(from: number): Promise<Map<string, number>> {
  await settleDeliveries(sns);
  const counts = new Map<string, number>();
  for (const id of deliveredIds(sns).slice(from)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

describe('a hostile 红网 column on DynamoDB Local', () => {
  it('stores every article in the first cycle, fetches none in the second, within budget and memory', async () => {
    const clean = await startSite(false);
    const hostile = await startSite(true);
    const second = await startLocalDynamoDb('newsmon-hostile-b', 'local');
    const cleanMonitor = await monitorFor(clean, db);
    const monitor = await monitorFor(hostile, second);
    try {
      const cleanRun = await cleanMonitor.cycle({
        invocationId: 'clean',
        remainingMs: REMAINING_MS,
      });
      expect(cleanRun.summary.stored).toBe(NORMAL.length);

      const delivered = (await alertsSince(0)).size;
      const first = await monitor.cycle({ invocationId: 'hostile-1', remainingMs: REMAINING_MS });
      const all = [...NORMAL, ...Object.keys(HOSTILE)];
      expect(first.summary.failed).toEqual([]);
      expect(first.summary.deadline).toBe(false);
      expect(first.summary.stored).toBe(all.length);
      const alerts = await alertsSince(delivered);
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
      const again = await monitor.cycle({ invocationId: 'hostile-2', remainingMs: REMAINING_MS });
      expect(hostile.articleRequests).toEqual([]);
      expect(again.summary.stored).toBe(0);
      expect((await alertsSince(delivered)).size).toBe(all.length);
      expect([...(await alertsSince(delivered)).values()].every((n) => n === 1)).toBe(true);

      // A few times a clean cycle of the same column, never near the budget.
      expect(first.ms).toBeLessThan(Math.max(6 * cleanRun.ms, 10_000));
      const peakMb = again.peakRssBytes / 2 ** 20;
      console.info(
        `hostile column: clean cycle ${Math.round(cleanRun.ms)} ms, hostile cycle ${Math.round(first.ms)} ms, second cycle ${Math.round(again.ms)} ms; peak RSS of the monitor process ${Math.round(cleanRun.peakRssBytes / 2 ** 20)} MB clean, ${Math.round(peakMb)} MB hostile`,
      );
      expect(peakMb).toBeLessThan(LAMBDA_MEMORY_MB);
    } finally {
      await Promise.all([cleanMonitor.close(), monitor.close()]);
      await second.close();
      await clean.close();
      await hostile.close();
    }
  }, 300_000);
});
