import { parseFeed } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenedStore, openStore } from '../../cli/store-context.js';
import { startWebServer, type WebServer } from '../../web/server.js';
import { CONTENT_SECURITY_POLICY, createSite, type Site } from '../../web/site.js';
import { makeTempDir } from '../e2e/cli-harness.js';
import { checkAtom } from '../support/atom-check.js';
import { fillFixtureDb } from '../support/web-fixture.js';

const ORIGIN = 'http://127.0.0.1:8080';
const SEED_ID = '9850796';

interface Filled {
  opened: OpenedStore;
  site: Site;
  sources: string[];
}

async function filledSite(cwd: string, db: string): Promise<Filled> {
  const sources = await fillFixtureDb(cwd, db);
  const opened = await openStore({ db }, cwd, { mustExist: true, home: cwd });
  const site = createSite({
    store: opened.store,
    sources: sources.map((url) => ({ url, name: url.endsWith('7417.html') ? '衡阳' : '湖南' })),
  });
  return { opened, site, sources };
}

describe('the web view on a database filled by a fixture cycle', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let filled: Filled;
  const get = async (target: string) => {
    const response = await filled.site.handle('GET', target, ORIGIN);
    return { ...response, text: String(response.body) };
  };

  beforeAll(async () => {
    temp = await makeTempDir('web');
    filled = await filledSite(temp.dir, `${temp.dir}/db`);
  });

  afterAll(async () => {
    await filled?.opened.close();
    await temp?.remove();
  });

  it('lists every stored report newest first on the Reports page, with its figure count', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const api = JSON.parse((await get('/api/reports')).text) as {
      reports: Array<{ id: string; publishedAt: string; figureCount: number; title: string }>;
    };
    expect(api.reports.length).toBe(7);
    const times = api.reports.map((report) => Date.parse(report.publishedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const report of api.reports) {
      expect(page.text).toContain(`href="/reports/${report.id}"`);
    }
    expect(page.text).toContain('衡阳公安一年来“牢记重要训词 履行职责使命”成效显著');
  });

  it('filters reports by keyword, title, date range and has-figures, in the page and the API alike', async () => {
    const ids = async (query: string) =>
      (
        JSON.parse((await get(`/api/reports?${query}`)).text) as { reports: Array<{ id: string }> }
      ).reports.map((report) => report.id);
    const all = await ids('');
    expect(await ids('hasFigures=1')).toEqual(all.filter((id) => id !== '9078236'));
    expect(await ids(`title=${encodeURIComponent('衡阳公安')}`)).toEqual([SEED_ID]);
    expect(await ids(`keyword=${encodeURIComponent('赌博')}`)).toContain('10671893');
    expect(await ids('from=2021-08-26&to=2021-08-26')).toEqual([SEED_ID]);
    expect(await ids('from=2021-01-01&to=2021-12-31')).toEqual([
      '10671893',
      '10391527',
      SEED_ID,
      '9187452',
      '9078236',
    ]);
    expect(await ids('site=zz')).toEqual([]);
    const page = await get(`/?title=${encodeURIComponent('衡阳公安')}`);
    expect(page.text).toContain(`href="/reports/${SEED_ID}"`);
    expect(page.text).not.toContain('href="/reports/10671893"');
  });

  it('pages back in time with the older-reports cursor, without repeating or skipping a report', async () => {
    const all = JSON.parse((await get('/api/reports')).text) as { reports: Array<{ id: string }> };
    const seen: string[] = [];
    let query = 'limit=2';
    for (let page = 0; page < 10; page++) {
      const body = JSON.parse((await get(`/api/reports?${query}`)).text) as {
        reports: Array<{ id: string }>;
        next: string | null;
      };
      seen.push(...body.reports.map((report) => report.id));
      if (!body.next) break;
      query = `limit=2&before=${encodeURIComponent(body.next)}`;
    }
    expect(seen).toEqual(all.reports.map((report) => report.id));
    const first = await get('/?limit=2');
    expect(first.text).toMatch(/href="\/\?limit=2&amp;before=[^"]+">Older reports/);
  });

  it('shows a report with every extracted figure marked in the text, its hover text and its figure table', async () => {
    const page = await get(`/reports/${SEED_ID}`);
    const report = JSON.parse((await get(`/api/reports/${SEED_ID}`)).text) as {
      article: { title: string; url: string };
      metrics: Array<{ text: string; subject: string | null }>;
    };
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<h1>${report.article.title}</h1>`);
    expect(page.text).toContain('2021-08-26 10:05');
    expect(page.text).toContain(`href="${report.article.url}"`);
    const marks = [
      ...page.text.matchAll(/<mark class="fig"[^>]*data-tip="([^"]*)"[^>]*>([^<]*)<\/mark>/g),
    ];
    expect(marks.length).toBe(report.metrics.length);
    const mark = marks.find((m) => m[2] === '4569起');
    expect(mark?.[1]).toContain('4569 起');
    expect(mark?.[1]).toContain('subject: 刑事案件');
    expect(page.text.match(/<tr id="figure-\d+">/g)?.length).toBe(report.metrics.length);
    expect(page.text).toContain(`href="/series?subject=${encodeURIComponent('刑事案件')}"`);
  });

  it('answers 404 for a report that is not stored, as a page and as JSON', async () => {
    expect((await get('/reports/123')).status).toBe(404);
    expect((await get('/api/reports/123')).status).toBe(404);
    expect((await get('/nothing-here')).status).toBe(404);
  });

  it('draws a series from its JSON block, each point linking to its report, with subject suggestions', async () => {
    const page = await get(`/series?subject=${encodeURIComponent('全市刑事案件')}`);
    expect(page.status).toBe(200);
    const block = /<script type="application\/json" id="series-data">(.*?)<\/script>/s.exec(
      page.text,
    );
    const data = JSON.parse(block?.[1] ?? '{}') as {
      charts: Array<{
        unit: string;
        series: Array<{ name: string; points: Array<{ href: string; v: number }> }>;
      }>;
    };
    expect(data.charts[0]?.unit).toBe('起');
    expect(data.charts[0]?.series[0]?.points).toContainEqual(
      expect.objectContaining({ href: `/reports/${SEED_ID}`, v: 4569 }),
    );
    expect(page.text).toContain('<script src="/static/echarts.min.js" defer></script>');
    expect(page.text).toContain('<datalist id="subject-suggestions">');
    expect(page.text).not.toMatch(/<script(?![^>]*(?:type="application\/json"|src=))/);
    const api = JSON.parse(
      (await get(`/api/series?subject=${encodeURIComponent('刑事案件')}`)).text,
    ) as {
      charts: Array<{ lines: Array<{ key: string; points: unknown[] }> }>;
    };
    expect(api.charts[0]?.lines[0]?.key).toMatch(/^刑事案件\|[^|]+\|level\|起$/);
  });

  it('puts several subjects with the same unit on one chart and different units on separate charts', async () => {
    const subjects = ['刑事案件', '货车超载违法', '犯罪嫌疑人'];
    const query = subjects.map((s) => `subject=${encodeURIComponent(s)}`).join('&');
    const api = JSON.parse((await get(`/api/series?${query}`)).text) as {
      charts: Array<{ unit: string; lines: Array<{ subject: string }> }>;
    };
    const byUnit = Object.fromEntries(
      api.charts.map((chart) => [chart.unit, chart.lines.map((l) => l.subject)]),
    );
    expect(byUnit.起).toEqual(expect.arrayContaining(['刑事案件', '货车超载违法']));
    expect(byUnit.人).toEqual(['犯罪嫌疑人']);
    const page = await get(`/series?${query}`);
    expect(page.text.match(/<div class="chart"/g)?.length).toBe(api.charts.length);
  });

  it('lists each source with its last check, status and newest stored article', async () => {
    const rows = JSON.parse((await get('/api/sources')).text) as Array<{
      url: string;
      status: string;
      lastCheckedAt: string | null;
      newest: { id: string } | null;
    }>;
    expect(rows.map((row) => row.url)).toEqual(filled.sources);
    for (const row of rows) {
      expect(row.status).toBe('ok');
      expect(row.lastCheckedAt).not.toBeNull();
    }
    expect(rows[0]?.newest).not.toBeNull();
    const page = await get('/sources');
    expect(page.text).toContain('衡阳');
    expect(page.text).toContain('湖南');
  });

  it('serves a valid Atom feed with the Reports filters, leading figures in each entry', async () => {
    const response = await get(`/feed.atom?hasFigures=1&keyword=${encodeURIComponent('公安')}`);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const feed = checkAtom(response.text);
    expect(feed.id).toBe(
      `tag:newsmon,2024:feed?keyword=${encodeURIComponent('公安')}&hasFigures=1`,
    );
    expect(feed.entries.map((entry) => entry.id)).toContain(`tag:newsmon,2024:report/${SEED_ID}`);
    const seed = feed.entries.find((entry) => entry.id.endsWith(`/${SEED_ID}`));
    expect(seed?.content).toContain('<b>4569起</b>');
    expect(seed?.links).toContainEqual({ rel: 'related', href: `${ORIGIN}/reports/${SEED_ID}` });
    expect(feed.updated).toBe(
      feed.entries
        .map((entry) => entry.updated)
        .sort()
        .at(-1),
    );
    expect(parseFeed(response.text)?.type).toBe('atom');
    const all = checkAtom((await get('/feed.atom')).text);
    expect(all.entries.length).toBe(7);
    const empty = checkAtom((await get('/feed.atom?site=zz')).text);
    expect(empty.entries).toEqual([]);
  });

  it('gives the same feed and entry ids for the same reports from a second fixture database', async () => {
    const other = await makeTempDir('web-2');
    const second = await filledSite(other.dir, `${other.dir}/db`);
    try {
      const first = checkAtom((await get('/feed.atom')).text);
      const again = checkAtom(String((await second.site.handle('GET', '/feed.atom', ORIGIN)).body));
      expect(again.id).toBe(first.id);
      expect(again.entries.map((entry) => [entry.id, entry.updated, entry.title])).toEqual(
        first.entries.map((entry) => [entry.id, entry.updated, entry.title]),
      );
    } finally {
      await second.opened.close();
      await other.remove();
    }
  });

  it('rejects unusable or oversized parameters with 400 instead of reading the store', async () => {
    for (const query of [
      'from=2024-02-30',
      'limit=0',
      'limit=201',
      'site=<script>',
      `keyword=${'x'.repeat(101)}`,
      'hasFigures=maybe',
      'before=nonsense',
      'from=2024-02-02&to=2024-02-01',
    ]) {
      expect((await get(`/?${query}`)).status, query).toBe(400);
      expect((await get(`/api/reports?${query}`)).status, query).toBe(400);
      expect((await get(`/feed.atom?${query}`)).status, query).toBe(400);
    }
    const six = Array.from({ length: 6 }, (_, i) => `subject=s${i}`).join('&');
    expect((await get(`/series?${six}`)).status).toBe(400);
    expect((await get(`/?keyword=${'a'.repeat(2100)}`)).status).toBe(414);
  });

  it('escapes whatever a query parameter carries when it shows it back', async () => {
    const page = await get(`/?keyword=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<img');
    expect(page.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    const series = await get(
      `/series?subject=${encodeURIComponent('</script><script>alert(1)</script>')}`,
    );
    expect(series.text).not.toContain('<script>alert(1)');
  });

  it('serves the chart library and its own static files from the package', async () => {
    const echarts = await get('/static/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect(echarts.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(echarts.text).toContain('echarts');
    expect((await get('/static/series-chart.js')).status).toBe(200);
    expect((await get('/static/style.css')).text).toContain('Noto Sans CJK SC');
    expect((await get('/static/../package.json')).status).toBe(404);
  });

  describe('over HTTP', () => {
    let server: WebServer;
    beforeAll(async () => {
      server = await startWebServer({ site: filled.site, host: '127.0.0.1', port: 0 });
    });
    afterAll(async () => {
      await server?.close();
    });

    it('is read-only: every method but GET and HEAD answers 405', async () => {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const response = await fetch(`${server.origin}/`, { method });
        expect(response.status, method).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, HEAD');
      }
      const head = await fetch(`${server.origin}/`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });

    it('listens on loopback and answers only loopback host names there', async () => {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ok = await fetch(`${server.origin}/sources`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
      const port = new URL(server.origin).port;
      const rebound = await new Promise<number>((resolve, reject) => {
        import('node:http').then(({ request }) => {
          const req = request(
            { host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        }, reject);
      });
      expect(rebound).toBe(421);
    });
  });
});
