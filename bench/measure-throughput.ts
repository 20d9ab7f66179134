import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'htmlparser2';
import { decodeHtml } from '../functions/http/decode.js';
import { extractMetrics } from '../functions/metrics/index.js';
import { parseArticlePage } from '../functions/rednet/article-page.js';
import { median } from './measure-bundle.js';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));

export interface Page {
  url: string;
  html: string;
  encoding: string;
}

export interface Throughput {
  articles: number;
  htmlparser2MsPerArticle: number;
  parseMsPerArticle: number;
  parseExtractMsPerArticle: number;
  parseExtractRatio: number;
  extractMsPer3000Chars: number;
  metricsPerArticle: number;
  metricsPerSecond: number;
}

/**
 * Parse + extract per article against htmlparser2's bare parse (the floor the site module, which
 * parses with htmlparser2, always pays), over every article page the project's fixtures hold.
 * Target: parse + extract ≤ 2.5× the floor. Each figure is the median of alternating rounds, so
 * background load hits all three alike.
 */
export function measureThroughput(pages: Page[] = loadPages().all, rounds = 150): Throughput {
  let metricCount = 0;
  const time = (work: (page: Page) => void) => {
    const started = performance.now();
    for (const page of pages) work(page);
    return (performance.now() - started) / pages.length;
  };
  const floor = (page: Page) => void parseDocument(page.html);
  const parse = (page: Page) =>
    void parseArticlePage(page.html, page.url, { encoding: page.encoding });
  const parseExtract = (page: Page) => {
    const result = parseArticlePage(page.html, page.url, { encoding: page.encoding });
    if (result.ok) metricCount += extractMetrics(result.article.text).length;
  };

  // A warm Lambda container keeps its JIT state across cycles, so measure the steady state.
  for (let warm = 0; warm < 50; warm++) {
    for (const work of [floor, parse, parseExtract]) time(work);
  }
  const samples = { floor: [] as number[], parse: [] as number[], parseExtract: [] as number[] };
  metricCount = 0;
  for (let round = 0; round < rounds; round++) {
    samples.floor.push(time(floor));
    samples.parse.push(time(parse));
    samples.parseExtract.push(time(parseExtract));
  }
  const metricsPerArticle = metricCount / rounds / pages.length;
  const parseExtractMs = median(samples.parseExtract);
  const floorMs = median(samples.floor);
  return {
    articles: pages.length,
    htmlparser2MsPerArticle: floorMs,
    parseMsPerArticle: median(samples.parse),
    parseExtractMsPerArticle: parseExtractMs,
    parseExtractRatio: parseExtractMs / floorMs,
    extractMsPer3000Chars: measureExtraction(pages),
    metricsPerArticle,
    metricsPerSecond: (metricsPerArticle * 1000) / parseExtractMs,
  };
}

/** Extraction alone on a typical 3,000-character body cut from the fixture texts. */
function measureExtraction(pages: Page[]): number {
  const texts = pages
    .map((page) => parseArticlePage(page.html, page.url, { encoding: page.encoding }))
    .flatMap((result) => (result.ok ? [result.article.text] : []));
  const body = texts.join('\n').slice(0, 3000);
  for (let warm = 0; warm < 200; warm++) extractMetrics(body);
  const samples: number[] = [];
  for (let round = 0; round < 30; round++) {
    const started = performance.now();
    for (let run = 0; run < 20; run++) extractMetrics(body);
    samples.push((performance.now() - started) / 20);
  }
  return median(samples);
}

/**
 * `all`: every article page of the fixtures. `fullPages`: those that carry a whole page's chrome
 * (menus, scripts, related lists: the seed and the served mirror, 7–16 KB), unlike the 1–4 KB
 * template skeletons in test/fixtures/pages, which make the htmlparser2 floor unrealistically low.
 */
export function loadPages(): { all: Page[]; fullPages: Page[] } {
  const pages: Page[] = [];
  const fullPages: Page[] = [];
  const manifest = JSON.parse(readFileSync(join(fixtures, 'pages/manifest.json'), 'utf8')) as {
    fixtures: Array<{ file: string; kind: string; url: string; expectedError?: string }>;
  };
  for (const entry of manifest.fixtures) {
    if (entry.kind !== 'article' || entry.expectedError) continue;
    pages.push(readPage(join(fixtures, 'pages', entry.file), entry.url));
  }
  pages.push(
    readPage(
      join(fixtures, 'dev/seed-article.html'),
      'https://hn.rednet.cn/content/2021/08/26/9850796.html',
    ),
  );
  for (const file of walk(join(fixtures, 'site/content'))) {
    const path = file.slice(join(fixtures, 'site').length);
    fullPages.push(readPage(file, `https://hn.rednet.cn${path}`));
  }
  return { all: [...pages, ...fullPages], fullPages };
}

function readPage(file: string, url: string): Page {
  const decoded = decodeHtml(readFileSync(file), null);
  return { url, html: decoded.text, encoding: decoded.encoding };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? walk(join(dir, entry.name))
      : entry.name.endsWith('.html')
        ? [join(dir, entry.name)]
        : [],
  );
}
