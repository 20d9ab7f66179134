import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringWidth } from '../../cli/text-width.js';
import { extractMetrics } from '../../functions/metrics/index.js';
import type { Metric } from '../../functions/metrics/types.js';
import type { Article } from '../../functions/rednet/types.js';
import { type FixtureSite, startFixtureSite } from '../support/fixture-site.js';
import { lines, makeTempDir, REPO_ROOT, runCli, runInProcess } from './cli-harness.js';

const SEED_HTML = join(REPO_ROOT, 'test/fixtures/dev/seed-article.html');
const SEED_TEXT = join(REPO_ROOT, 'test/fixtures/dev/seed-article.body.txt');
const SEED_URL = 'https://hn.rednet.cn/content/2021/08/26/9850796.html';
const PAGES_DIR = join(REPO_ROOT, 'test/fixtures/pages');

interface ExtractOutput {
  article: Article;
  metrics: Metric[];
}

interface GoldMetric {
  text: string;
  normalized: { value: number; unit: string | null };
  optional?: boolean;
}

interface PageFixture {
  file: string;
  kind: 'article' | 'list';
  url: string;
  expectedError?: string;
  template?: string | null;
  encoding?: string;
  title?: string | null;
  publishedAt?: string | null;
  source?: string | null;
  author?: string | null;
  editor?: string | null;
  bodyStartsWith?: string;
  bodyEndsWith?: string;
  bodyLines?: number;
  id?: string;
  channel?: string;
  images?: number;
  warning?: string;
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  temp = await makeTempDir('extract');
});

afterAll(async () => {
  await temp?.remove();
});

describe('newsmon extract on the seed article', () => {
  it('prints exactly one JSON object whose page fields and figures match the gold file', async () => {
    const gold = JSON.parse(
      await readFile(join(REPO_ROOT, 'test/fixtures/dev/seed-article.gold.json'), 'utf8'),
    ) as {
      page: Record<string, string>;
      metrics: GoldMetric[];
    };
    const result = await runCli(['extract', '--json', '--url', SEED_URL, SEED_HTML], {
      cwd: temp.dir,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as ExtractOutput;
    expect(Object.keys(output)).toEqual(['article', 'metrics']);
    const { article, metrics } = output;
    expect(article).toMatchObject({
      id: gold.page.url_id,
      url: SEED_URL,
      site: 'hn',
      title: gold.page.title,
      publishedAt: gold.page.publishedAt,
      source: gold.page.source,
      author: gold.page.author,
      editor: gold.page.editor,
      encoding: 'utf-8',
    });
    expect(article.text.startsWith(gold.page.bodyStartsWith ?? '')).toBe(true);
    expect(article.text.endsWith(gold.page.bodyEndsWith ?? '')).toBe(true);
    expect(metrics).toEqual(extractMetrics(article.text));
    // Every required gold figure is found with its normalised value and unit (as score.mjs pairs them).
    for (const figure of gold.metrics.filter((metric) => !metric.optional)) {
      const found = metrics.some(
        (metric) =>
          Math.abs(metric.normalized.value - figure.normalized.value) < 1e-9 &&
          metric.normalized.unit === figure.normalized.unit,
      );
      expect(found, `gold figure ${figure.text}`).toBe(true);
    }
  });

  it('prints a readable summary with the figures in a CJK-aligned table', async () => {
    const result = await runCli(['extract', SEED_HTML, '--url', SEED_URL], { cwd: temp.dir });
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe('title      衡阳公安一年来“牢记重要训词 履行职责使命”成效显著');
    expect(out).toContain('published  2021-08-26 10:05 +08:00');
    expect(out).toContain('author     宋美君');
    const header = out.find((line) => line.startsWith('figure')) ?? '';
    const rows = out.slice(out.indexOf(header) + 2);
    const subjectColumn = header.indexOf('subject');
    const casesRow = rows.find((row) => row.startsWith('4569起')) ?? '';
    // 刑事案件 starts exactly under the `subject` header although the row holds wide characters.
    expect(stringWidth(casesRow.slice(0, casesRow.indexOf('刑事案件')))).toBe(subjectColumn);
    const count = Number(out.find((line) => /^\d+ figures:$/.test(line))?.split(' ')[0]);
    expect(count).toBeGreaterThan(20);
    expect(rows).toHaveLength(count);
  });

  it('reads a saved plain-text body and finds the same figures as in the page', async () => {
    const fromHtml = JSON.parse(
      (await runInProcess(['extract', '--json', '--url', SEED_URL, SEED_HTML], temp.dir)).stdout,
    ) as ExtractOutput;
    const result = await runInProcess(
      ['extract', '--json', '--url', SEED_URL, SEED_TEXT],
      temp.dir,
    );
    expect(result.code).toBe(0);
    const fromText = JSON.parse(result.stdout) as ExtractOutput;
    expect(fromText.article.id).toBe('9850796');
    expect(fromText.article.title).toBeNull();
    expect(fromText.article.publishedAt).toBeNull();
    expect(fromText.metrics.map((metric) => metric.text)).toEqual(
      fromHtml.metrics.map((metric) => metric.text),
    );
  });

  it('reads the page from standard input when the file is -', async () => {
    const html = await readFile(SEED_HTML, 'utf8');
    const result = await runInProcess(
      ['extract', '--json', '--url', SEED_URL, '-'],
      temp.dir,
      {},
      html,
    );
    expect(result.code).toBe(0);
    const { article } = JSON.parse(result.stdout) as ExtractOutput;
    expect(article).toMatchObject({ id: '9850796', site: 'hn', author: '宋美君' });
  });

  it('recognises a page saved under its 红网 path without --url, and infers nothing from other names', async () => {
    const mirrored = join(temp.dir, 'mirror', 'hn.rednet.cn', 'content', '2021', '08', '26');
    await mkdir(mirrored, { recursive: true });
    await copyFile(SEED_HTML, join(mirrored, '9850796.html'));
    const saved = await runInProcess(
      ['extract', '--json', 'mirror/hn.rednet.cn/content/2021/08/26/9850796.html'],
      temp.dir,
    );
    expect(saved.code).toBe(0);
    expect((JSON.parse(saved.stdout) as ExtractOutput).article).toMatchObject({
      id: '9850796',
      site: 'hn',
      url: SEED_URL,
    });

    await copyFile(SEED_HTML, join(temp.dir, 'page.html'));
    const plain = await runInProcess(['extract', '--json', 'page.html'], temp.dir);
    expect(plain.code).toBe(0);
    const article = (JSON.parse(plain.stdout) as ExtractOutput).article;
    expect(article.url.startsWith('file://')).toBe(true);
    expect(article.site).not.toBe('hn');
  });
});

describe('newsmon extract on a URL', () => {
  let site: FixtureSite;

  beforeAll(async () => {
    site = await startFixtureSite();
  });

  afterAll(async () => {
    await site?.close();
  });

  it('fetches the page through the HTTP client and parses it', async () => {
    const url = site.url('/content/2021/08/26/9850796.html');
    const result = await runInProcess(['extract', '--json', url], temp.dir);
    expect(result.code).toBe(0);
    const { article } = JSON.parse(result.stdout) as ExtractOutput;
    expect(article).toMatchObject({
      id: '9850796',
      url,
      title: '衡阳公安一年来“牢记重要训词 履行职责使命”成效显著',
    });
    expect(site.requests.map((request) => request.path)).toEqual([
      '/content/2021/08/26/9850796.html',
    ]);
  });

  it('reports an unreachable page in one line', async () => {
    const result = await runInProcess(
      ['extract', site.url('/content/2099/01/01/1.html')],
      temp.dir,
    );
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^newsmon: GET http:\/\/127\.0\.0\.1:\d+\/content\/2099\/01\/01\/1\.html failed after \d attempts?: HTTP 404/,
      ),
    ]);
  });
});

describe('newsmon extract on every page fixture of test/fixtures/pages', async () => {
  const manifest = JSON.parse(await readFile(join(PAGES_DIR, 'manifest.json'), 'utf8')) as {
    fixtures: PageFixture[];
  };
  const articles = manifest.fixtures.filter((fixture) => fixture.kind === 'article');

  it('covers the manifest', () => {
    expect(articles.length).toBeGreaterThanOrEqual(10);
  });

  it.each(articles.map((fixture) => [fixture.file, fixture] as const))(
    '%s',
    async (_file, fixture) => {
      const result = await runInProcess(
        ['extract', '--json', '--url', fixture.url, join(PAGES_DIR, fixture.file)],
        temp.dir,
      );
      if (fixture.expectedError) {
        expect(result.code).toBe(1);
        expect(result.stdout).toBe('');
        expect(lines(result.stderr)).toHaveLength(1);
        return;
      }
      expect(result.code, result.stderr).toBe(0);
      const { article, metrics } = JSON.parse(result.stdout) as ExtractOutput;
      const expected: Partial<Article> = { url: fixture.url };
      for (const key of [
        'template',
        'encoding',
        'title',
        'publishedAt',
        'source',
        'author',
        'editor',
        'id',
        'channel',
      ] as const) {
        if (fixture[key] !== undefined) Object.assign(expected, { [key]: fixture[key] });
      }
      expect(article).toMatchObject(expected);
      if (fixture.bodyStartsWith)
        expect(article.text.startsWith(fixture.bodyStartsWith)).toBe(true);
      if (fixture.bodyEndsWith) expect(article.text.endsWith(fixture.bodyEndsWith)).toBe(true);
      if (fixture.bodyLines !== undefined)
        expect(article.paragraphs).toHaveLength(fixture.bodyLines);
      if (fixture.images !== undefined) expect(article.images).toHaveLength(fixture.images);
      if (fixture.warning) expect(article.warnings.join('\n')).toContain(fixture.warning);
      expect(metrics).toEqual(extractMetrics(article.text));
    },
  );
});
