import type { AddressInfo } from 'node:net';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { Metric } from '../functions/metrics/types.js';
import type { StoredReport } from '../functions/monitor/ports.js';
import { createDynamoDbDocumentClient } from '../functions/shared/aws-clients.js';
import { mapSettled } from '../functions/shared/concurrency.js';
import { createNewsmonTable } from '../functions/store/create-table.js';
import { DynamoDbArticleStore } from '../functions/store/dynamodb-article-store.js';
import { startWebServer } from '../web/server.js';
import { createSite } from '../web/site.js';

export interface ServeCost {
  reports: number;
  /** Reports page (`/`, the newest 50) through HTTP, min of the repeats. */
  reportsPageMs: number;
  /** The same 51 reports read straight from the store (listReports). */
  reportsStoreMs: number;
  reportsRatio: number;
  seriesPoints: number;
  /** Series page of one subject with a point in every report, through HTTP. */
  seriesPageMs: number;
  /** The same points read straight from the store (series). */
  seriesStoreMs: number;
  seriesRatio: number;
}

const SUBJECT = '刑事案件';
const REPEATS = 7;

function metric(
  text: string,
  value: number,
  unit: string,
  subject: string,
  offset: number,
): Metric {
  return {
    text,
    value,
    unit,
    normalized: { value, unit },
    bound: 'exact',
    subject,
    action: ['发生'],
    change: null,
    period: null,
    sentence: `全市${subject}${text}。`,
    offset,
  };
}

/** A report like a stored 红网 article: a title, a few paragraphs and two figures. */
function syntheticReport(index: number): StoredReport {
  const published = new Date(Date.UTC(2020, 0, 1) + index * 3_600_000);
  const iso = new Date(published.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
  const cases = 1000 + (index % 500);
  const text = `${'衡阳市公安局通报本周治安情况。'.repeat(10)}\n全市刑事案件${cases}起。\n${'警方提醒市民注意防范电信诈骗。'.repeat(10)}`;
  return {
    article: {
      id: String(10_000_000 + index),
      url: `https://hy.rednet.cn/content/2020/01/01/${10_000_000 + index}.html`,
      site: 'hy',
      channel: '7417',
      title: `衡阳公安通报第${index}期治安情况`,
      publishedAt: `${iso.slice(0, 19)}+08:00`,
      source: '红网',
      author: null,
      editor: null,
      text,
      paragraphs: text.split('\n'),
      images: [],
      encoding: 'utf-8',
      template: 'bench',
      partial: false,
      warnings: [],
    },
    metrics: [
      metric(`${cases}起`, cases, '起', SUBJECT, text.indexOf(`${cases}起`)),
      metric('3人', 3, '人', '民警', 0),
    ],
    discoveredAt: published.toISOString(),
    sourceUrl: 'https://hy.rednet.cn/channel/7417.html',
    alertState: 'sent',
    alertedAt: published.toISOString(),
  };
}

async function minTime(run: () => Promise<unknown>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    await run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * `newsmon serve` against an in-memory DynamoDB holding `count` reports: the Reports page and a
 * series with a point in every report, each timed through HTTP and compared with reading the same
 * items from the store (the ratio is what the web layer adds: rendering, escaping, HTTP).
 */
export async function measureServe(count = 10_000): Promise<ServeCost> {
  const db = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => db.listen(0, '127.0.0.1', () => resolve()));
  const endpoint = `http://127.0.0.1:${(db.address() as AddressInfo).port}`;
  const documentClient = createDynamoDbDocumentClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createNewsmonTable(documentClient as unknown as DynamoDBClient, 'newsmon-bench');
  const store = new DynamoDbArticleStore(documentClient, 'newsmon-bench');
  const indexes = Array.from({ length: count }, (_, i) => i);
  const saved = await mapSettled(indexes, 16, (i) => store.saveReport(syntheticReport(i)));
  const failed = saved.find((result) => !result.ok);
  if (failed && !failed.ok) throw failed.error;

  const site = createSite({ store, sources: [] });
  const server = await startWebServer({ site, host: '127.0.0.1', port: 0 });
  const get = async (path: string): Promise<string> => {
    const response = await fetch(`${server.origin}${path}`);
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    return response.text();
  };
  try {
    const seriesPath = `/series?subject=${encodeURIComponent(SUBJECT)}`;
    // Warm up both paths once (module loading, the suggestion cache, JIT).
    await get('/');
    await get(seriesPath);
    const seriesPoints = (await store.series({ subject: SUBJECT })).length;
    let reportsPageMs = Number.POSITIVE_INFINITY;
    let reportsStoreMs = Number.POSITIVE_INFINITY;
    let seriesPageMs = Number.POSITIVE_INFINITY;
    let seriesStoreMs = Number.POSITIVE_INFINITY;
    // Alternate the two sides so that machine load falls on both alike.
    for (let round = 0; round < 3; round++) {
      reportsStoreMs = Math.min(
        reportsStoreMs,
        await minTime(() => store.listReports({ limit: 51 })),
      );
      reportsPageMs = Math.min(reportsPageMs, await minTime(() => get('/')));
      seriesStoreMs = Math.min(
        seriesStoreMs,
        await minTime(() => store.series({ subject: SUBJECT })),
      );
      seriesPageMs = Math.min(seriesPageMs, await minTime(() => get(seriesPath)));
    }
    return {
      reports: count,
      reportsPageMs,
      reportsStoreMs,
      reportsRatio: reportsPageMs / reportsStoreMs,
      seriesPoints,
      seriesPageMs,
      seriesStoreMs,
      seriesRatio: seriesPageMs / seriesStoreMs,
    };
  } finally {
    await server.close();
    documentClient.destroy();
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

if (process.argv[1]?.endsWith('measure-serve.ts')) {
  const count = Number(process.argv[2] ?? 10_000);
  console.log(JSON.stringify(await measureServe(count), null, 2));
  process.exit(0);
}
