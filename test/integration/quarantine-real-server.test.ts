import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  QUARANTINE_AFTER_FAILURES,
  QUARANTINE_BACKOFF_MS,
} from '../../functions/monitor/limits.js';
import type { RunSummary } from '../../functions/monitor/run-monitor.js';
import { createDynamoDbDocumentClient } from '../../functions/shared/aws-clients.js';
import { METRIC_NAMES, SERVICE_DIMENSION } from '../../functions/shared/metric-names.js';
import { DynamoDbArticleStore } from '../../functions/store/dynamodb-article-store.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalDynamoDb,
  startLocalDynamoDb,
} from '../support/local-dynamodb.js';
import { type LocalSns, startLocalSns } from '../support/local-sns.js';
import { applyEnv, lambdaContext, monitorEnv } from './handler-env.js';
import { deliveredIds, settleDeliveries } from './real-deps.js';

/**
 * Quarantine against a real HTTP server: one column whose articles are fine except three that
 * fail on every try (a server error, a binary body, a JSON body served as HTML). The Lambda
 * handler runs cycle after cycle with its defaults; the clock is moved past the backoff at the end.
 */
type Handler = (event: unknown, context: unknown) => Promise<RunSummary>;

const SEED = readFileSync(new URL('../fixtures/dev/seed-article.html', import.meta.url), 'utf8');
const COLUMN = '/channel/7777.html';
const NORMAL = ['20261401', '20261402'];
const BROKEN = {
  serverError: '20261411',
  binary: '20261412',
  json: '20261413',
} as const;
const BROKEN_IDS: string[] = Object.values(BROKEN);
const articlePath = (id: string) => `/content/2026/11/27/${id}.html`;

/** The PDF a CMS might serve in place of an article: a header, then binary with NUL bytes. */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 64 >>\nstream\n', 'latin1'),
  Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37) % 256)),
  Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
]);

interface Site {
  origin: string;
  /** Requests per path since the site started. */
  requests: Map<string, number>;
  close(): Promise<void>;
}

async function startSite(): Promise<Site> {
  const requests = new Map<string, number>();
  const list = [...NORMAL, ...BROKEN_IDS]
    .map(
      (id) =>
        `<li><a href="${articlePath(id)}" target="_blank"><span class="f_left">新闻${id}</span><span class="f_right time">2026-11-27 10:00:00</span></a></li>`,
    )
    .join('\n');
  const listPage = `<!doctype html><html><head><meta charset="utf-8"><title>衡阳_湖南频道_红网</title></head><body>
<div id="div_newsList"><ul class="news_list">${list}</ul></div></body></html>`;
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (path === COLUMN) {
      res.writeHead(200, html).end(listPage);
    } else if (NORMAL.some((id) => path === articlePath(id))) {
      res.writeHead(200, html).end(SEED);
    } else if (path === articlePath(BROKEN.serverError)) {
      res.writeHead(500, html).end('<html><body>Internal Server Error</body></html>');
    } else if (path === articlePath(BROKEN.binary)) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(PDF);
    } else if (path === articlePath(BROKEN.json)) {
      res.writeHead(200, html).end('{"code":500,"msg":"系统繁忙","data":null}');
    } else {
      res.writeHead(404, html).end('<html><body>404</body></html>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Cycle {
  summary: RunSummary;
  /** The cycle's EMF line (Powertools Metrics writes one per invocation to stdout). */
  emf: Record<string, unknown> & {
    _aws: {
      CloudWatchMetrics: {
        Namespace: string;
        Dimensions: string[][];
        Metrics: { Name: string }[];
      }[];
    };
  };
  /** Requests per broken article during the cycle. */
  brokenRequests: Record<string, number>;
  /** Requests to the normal articles during the cycle. */
  normalRequests: number;
}

const NAMESPACE = 'NewsmonQuarantine';
const SERVICE = 'newsmon-quarantine';

describe('quarantine of articles that fail on every try, against a real HTTP server', () => {
  let site: Site;
  let db: LocalDynamoDb;
  let sns: LocalSns;
  let restoreEnv: () => void;
  let handler: Handler;
  const cycles: Cycle[] = [];

  async function cycle(): Promise<Cycle> {
    const count = (id: string) => site.requests.get(articlePath(id)) ?? 0;
    const before = new Map([...NORMAL, ...BROKEN_IDS].map((id) => [id, count(id)]));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    let summary: RunSummary;
    let lines: string[];
    try {
      summary = await handler({}, lambdaContext(`quarantine-${cycles.length + 1}`));
    } finally {
      lines = write.mock.calls.map(([chunk]) => String(chunk)).filter((l) => l.includes('"_aws"'));
      write.mockRestore();
    }
    expect(lines).toHaveLength(1);
    const result: Cycle = {
      summary,
      emf: JSON.parse(lines[0] as string) as Cycle['emf'],
      brokenRequests: Object.fromEntries(
        BROKEN_IDS.map((id) => [id, count(id) - (before.get(id) ?? 0)]),
      ),
      normalRequests: NORMAL.reduce((sum, id) => sum + count(id) - (before.get(id) ?? 0), 0),
    };
    cycles.push(result);
    return result;
  }

  beforeAll(async () => {
    [site, db, sns] = await Promise.all([startSite(), startLocalDynamoDb(), startLocalSns()]);
    restoreEnv = applyEnv({
      ...monitorEnv({
        tableName: db.tableName,
        topicArn: sns.topicArn,
        dynamoEndpoint: db.endpoint,
        snsEndpoint: sns.endpoint,
        sources: [{ url: `${site.origin}${COLUMN}`, name: '衡阳' }],
      }),
      POWERTOOLS_METRICS_NAMESPACE: NAMESPACE,
      POWERTOOLS_SERVICE_NAME: SERVICE,
    });
    // Only Date is faked (timers, sockets and retries run in real time): the last test moves
    // the clock past the backoff.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.resetModules();
    handler = (await import('../../functions/monitor/handler.js')).handler as Handler;
  }, 120_000);

  afterAll(async () => {
    vi.useRealTimers();
    restoreEnv?.();
    await Promise.all([site?.close(), db?.close(), sns?.close()]);
  });

  it(`stores and alerts the normal articles once while the broken ones fail, and quarantines those after ${QUARANTINE_AFTER_FAILURES} failed cycles`, async () => {
    for (let n = 1; n <= QUARANTINE_AFTER_FAILURES; n++) {
      const { summary, emf, brokenRequests } = await cycle();
      const last = n === QUARANTINE_AFTER_FAILURES;
      expect(summary.stored).toBe(n === 1 ? NORMAL.length : 0);
      expect(summary.articlesFailed).toBe(BROKEN_IDS.length);
      expect(summary.quarantined).toBe(last ? BROKEN_IDS.length : 0);
      expect(emf[METRIC_NAMES.articlesFailed]).toBe(BROKEN_IDS.length);
      expect(emf[METRIC_NAMES.articlesQuarantined]).toBe(last ? BROKEN_IDS.length : 0);
      // Every broken article was asked for in every cycle; the server error with retries.
      for (const id of BROKEN_IDS) expect(brokenRequests[id], id).toBeGreaterThanOrEqual(1);
    }
    // The normal articles were fetched in the first cycle only.
    expect(cycles.map((c) => c.normalRequests)).toEqual([NORMAL.length, 0, 0]);
    await settleDeliveries(sns);
    expect(deliveredIds(sns).sort()).toEqual([...NORMAL].sort());
  });

  it('emits ArticlesQuarantined as a CloudWatch metric in the namespace and service the alarm reads', () => {
    const emf = cycles[QUARANTINE_AFTER_FAILURES - 1]?.emf;
    const directive = emf?._aws.CloudWatchMetrics[0];
    expect(directive?.Namespace).toBe(NAMESPACE);
    expect(directive?.Dimensions).toEqual([[SERVICE_DIMENSION]]);
    expect(emf?.[SERVICE_DIMENSION]).toBe(SERVICE);
    const names = directive?.Metrics.map((metric) => metric.Name);
    expect(names).toContain(METRIC_NAMES.articlesQuarantined);
    expect(names).toContain(METRIC_NAMES.articlesFailed);
    expect(emf?.[METRIC_NAMES.articlesQuarantined]).toBeGreaterThan(0);
  });

  it('lists each quarantined article with its reason, attempts and the end of its backoff', async () => {
    const store = new DynamoDbArticleStore(
      createDynamoDbDocumentClient({
        endpoint: db.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      }),
      db.tableName,
    );
    const failures = await store.listFailures(50);
    expect(failures.map((f) => f.articleId).sort()).toEqual([...BROKEN_IDS].sort());
    for (const failure of failures) {
      expect(failure.consecutiveFailures).toBe(QUARANTINE_AFTER_FAILURES);
      expect(failure.attempts).toBe(QUARANTINE_AFTER_FAILURES);
      expect(failure.sourceUrl).toBe(`${site.origin}${COLUMN}`);
      expect(Date.parse(failure.quarantinedUntil ?? '')).toBe(
        Date.parse(failure.lastFailedAt) + QUARANTINE_BACKOFF_MS,
      );
    }
    const reason = (id: string) => failures.find((f) => f.articleId === id)?.reason ?? '';
    expect(reason(BROKEN.serverError)).toMatch(/\b500\b/);
    expect(reason(BROKEN.binary)).toContain('binary');
    expect(reason(BROKEN.json)).toContain('not-html');
  });

  it('does not fetch a quarantined article again before its backoff has passed', async () => {
    const { summary, emf, brokenRequests, normalRequests } = await cycle();
    expect(brokenRequests).toEqual(Object.fromEntries(BROKEN_IDS.map((id) => [id, 0])));
    expect(normalRequests).toBe(0);
    expect(summary.articlesFailed).toBe(0);
    expect(summary.quarantined).toBe(0);
    expect(emf[METRIC_NAMES.articlesQuarantined]).toBe(0);
    expect(summary.sources[0]?.quarantined).toBe(BROKEN_IDS.length);
  });

  it('tries each once more when the backoff has passed, and sets it aside again at once', async () => {
    vi.setSystemTime(Date.now() + QUARANTINE_BACKOFF_MS + 60_000);
    const { summary, emf, brokenRequests, normalRequests } = await cycle();
    // As many requests as in the first cycle: one try (with the client's retries), not two.
    expect(brokenRequests).toEqual(cycles[0]?.brokenRequests);
    expect(normalRequests).toBe(0);
    expect(summary.quarantined).toBe(BROKEN_IDS.length);
    expect(emf[METRIC_NAMES.articlesQuarantined]).toBe(BROKEN_IDS.length);
    await settleDeliveries(sns);
    expect(deliveredIds(sns).sort()).toEqual([...NORMAL].sort());
  });
});
