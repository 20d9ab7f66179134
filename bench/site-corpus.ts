/**
 * Dev tool: run the 红网 site parser over the development corpus and print per-field accuracy.
 *
 *   npx tsx bench/site-corpus.ts [corpusDir] [--verbose]
 *
 * corpusDir defaults to $NEWSMON_CORPUS or ../shared/dev/corpus (next to the repo). The corpus is
 * development data, not shipped with the repo: when it is absent this prints why and exits 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'htmlparser2';
import { decodeHtml } from '../functions/http/decode.js';
import { parseArticlePage } from '../functions/rednet/article-page.js';
import type { Article } from '../functions/rednet/types.js';

interface GoldPage {
  path?: string;
  url: string;
  title: string | null;
  publishedAt: string | null;
  source: string | null;
  author: string | null;
  editor: string | null;
  bodyStartsWith: string;
  bodyEndsWith: string;
  encoding?: string;
}

interface Case {
  name: string;
  bytes: Uint8Array;
  gold: GoldPage;
  body: string | null;
}

const FIELDS = [
  'title',
  'publishedAt',
  'source',
  'author',
  'editor',
  'bodyStartsWith',
  'bodyEndsWith',
  'encoding',
  'body',
] as const;
type FieldName = (typeof FIELDS)[number];

/** Parses per timed batch: long enough for CPU-time granularity. */
const BATCH = 5;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const corpusDir = resolve(
  args.find((a) => !a.startsWith('--')) ??
    process.env.NEWSMON_CORPUS ??
    join(repoRoot, '..', 'shared', 'dev', 'corpus'),
);

function loadCases(): Case[] {
  const gold = JSON.parse(readFileSync(join(corpusDir, 'pages.gold.json'), 'utf8')) as GoldPage[];
  const cases: Case[] = gold.map((page) => {
    const path = page.path ?? new URL(page.url).pathname;
    const id = /(\d+)\.html?$/.exec(path)?.[1] ?? '';
    const bodyFile = join(corpusDir, 'bodies', `${id}.txt`);
    const body = existsSync(bodyFile)
      ? readFileSync(bodyFile, 'utf8')
          .replace(/^# .*\n/, '')
          .replace(/\n+$/, '')
      : null;
    return { name: path, bytes: readFileSync(join(corpusDir, 'site', path)), gold: page, body };
  });
  const seedHtml = join(repoRoot, 'test', 'fixtures', 'dev', 'seed-article.html');
  const seedGold = join(repoRoot, 'test', 'fixtures', 'dev', 'seed-article.gold.json');
  if (existsSync(seedHtml) && existsSync(seedGold)) {
    const { page } = JSON.parse(readFileSync(seedGold, 'utf8')) as { page: GoldPage };
    cases.push({
      name: 'seed',
      bytes: readFileSync(seedHtml),
      gold: { ...page, encoding: 'utf-8' },
      body: null,
    });
  }
  return cases;
}

function actual(article: Article, field: FieldName): string | null {
  switch (field) {
    case 'bodyStartsWith':
      return article.text.slice(0, 12);
    case 'bodyEndsWith':
      return article.text.slice(-12);
    case 'body':
      return article.text;
    default:
      return article[field];
  }
}

function expected(c: Case, field: FieldName): string | null | undefined {
  if (field === 'body') return c.body ?? undefined;
  return c.gold[field];
}

function main(): void {
  if (!existsSync(join(corpusDir, 'pages.gold.json'))) {
    console.log(`site-corpus: no corpus at ${corpusDir} (dev-only data); nothing to measure`);
    return;
  }
  const cases = loadCases();
  const right: Record<FieldName, number> = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<
    FieldName,
    number
  >;
  const total: Record<FieldName, number> = { ...right };
  let failures = 0;
  let parseMs = 0;
  let rawMs = 0;
  const rounds = 20;
  for (const c of cases) {
    const decoded = decodeHtml(c.bytes);
    const result = parseArticlePage(decoded.text, c.gold.url, { encoding: decoded.encoding });
    if (!result.ok) {
      failures++;
      console.log(`FAIL ${c.name}: ${result.error.code} ${result.error.message}`);
      continue;
    }
    const wrong: string[] = [];
    for (const field of FIELDS) {
      const want = expected(c, field);
      if (want === undefined) continue;
      total[field]++;
      const got = actual(result.article, field);
      const hit =
        field === 'bodyStartsWith' && want !== null
          ? result.article.text.startsWith(want)
          : field === 'bodyEndsWith' && want !== null
            ? result.article.text.endsWith(want)
            : got === want;
      if (hit) right[field]++;
      else wrong.push(`  ${field}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    }
    if (wrong.length > 0 || verbose) {
      console.log(`${wrong.length ? 'DIFF' : 'ok  '} ${c.name} [${result.article.template}]`);
      for (const line of wrong) console.log(line.length > 400 ? `${line.slice(0, 400)}…` : line);
    }
  }
  // Timing: our full parse vs htmlparser2's bare DOM build on the same texts. Process CPU time,
  // in alternating batches, so that other work on a shared machine skews neither side much; the
  // first batch pair only warms up the JIT.
  const texts = cases.map((c) => ({ text: decodeHtml(c.bytes).text, url: c.gold.url }));
  const cpuMs = (fn: () => void): number => {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  for (let r = 0; r <= rounds; r++) {
    const raw = cpuMs(() => {
      for (let i = 0; i < BATCH; i++) for (const { text } of texts) parseDocument(text);
    });
    const ours = cpuMs(() => {
      for (let i = 0; i < BATCH; i++)
        for (const { text, url } of texts) parseArticlePage(text, url);
    });
    if (r > 0) {
      rawMs += raw;
      parseMs += ours;
    }
  }
  console.log(
    `\npages: ${cases.length} (corpus ${cases.length - 1} + seed), parse failures: ${failures}`,
  );
  for (const field of FIELDS) {
    const pct = total[field] ? ((100 * right[field]) / total[field]).toFixed(1) : 'n/a';
    console.log(`${field.padEnd(15)} ${String(right[field]).padStart(3)}/${total[field]}  ${pct}%`);
  }
  const per = (ms: number) => (ms / (rounds * BATCH * cases.length)).toFixed(3);
  console.log(
    `\ntime per page: parseArticlePage ${per(parseMs)} ms, htmlparser2 parseDocument ${per(rawMs)} ms, ratio ${(parseMs / rawMs).toFixed(2)}x`,
  );
}

main();
