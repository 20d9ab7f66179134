/**
 * Dev tool: scores extractMetrics on a development corpus kept outside the repository (a directory
 * with `metrics.gold.json` and `bodies/<id>.txt`), named by NEWSMON_CORPUS. Without it this prints a
 * note and exits 0.
 *
 *   npx tsx bench/extract-corpus.ts [--misses] [--json out.json]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractMetrics } from '../functions/metrics/index.js';
import { formatSummary, type ScoredMetric, scoreAll } from '../functions/metrics/scoring.js';

const corpus = process.env.NEWSMON_CORPUS ?? '';
const goldPath = join(corpus, 'metrics.gold.json');
if (corpus === '' || !existsSync(goldPath)) {
  console.log(`no corpus (set NEWSMON_CORPUS to a corpus directory); nothing to score`);
  process.exit(0);
}
const gold = JSON.parse(readFileSync(goldPath, 'utf8')) as Record<string, ScoredMetric[]>;
const predicted: Record<string, ScoredMetric[]> = {};
for (const key of Object.keys(gold)) {
  const id = key.replace(/^.*\//, '').replace(/\.html?$/, '');
  const raw = readFileSync(join(corpus, 'bodies', `${id}.txt`), 'utf8');
  const body = raw.slice(raw.indexOf('\n') + 1).replace(/\n$/, '');
  predicted[key] = extractMetrics(body);
}
const summary = scoreAll(gold, predicted);
if (process.argv.includes('--misses')) for (const m of summary.misses) console.log(`  ${m}`);
const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  const out: Record<string, { metrics: ScoredMetric[] }> = {};
  for (const [k, v] of Object.entries(predicted)) out[k] = { metrics: v };
  writeFileSync(process.argv[jsonAt + 1] as string, JSON.stringify(out, null, 1));
}
console.log(`dev corpus: ${Object.keys(gold).length} articles`);
console.log(formatSummary(summary));
