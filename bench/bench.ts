/**
 * `npm run bench`: what a deployed newsmon costs in bytes, milliseconds, requests and dollars.
 * Prints a table and writes bench/results.json. Numbers, not assertions: nothing here fails on a
 * slow machine; compare runs over time instead.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildMonitorBundle } from '../test/support/monitor-bundle.js';
import { estimateMonthlyCost } from './cost-model.js';
import { adversarialRows, measureAdversarial } from './measure-adversarial.js';
import { analyseBundle, measureColdStart } from './measure-bundle.js';
import { type CycleCost, measureCycles } from './measure-cycle.js';
import { measureServe } from './measure-serve.js';
import { measureStartup } from './measure-startup.js';
import { loadPages, measureThroughput } from './measure-throughput.js';

const SCHEDULE_MINUTES = 15;
const DEFAULT_SOURCE_COUNT = 15;
const MEMORY_MB = 512;

const bundlePath = await buildMonitorBundle();
const bundle = await analyseBundle(bundlePath);
const coldStartMs = await measureColdStart(bundlePath);
const pages = loadPages();
const throughput = measureThroughput(pages.all);
const fullPageThroughput = measureThroughput(pages.fullPages);
const cycles = await measureCycles();
const serve = await measureServe(10_000);
// Write units of the same first cycle on AWS's DynamoDB Local (the cost model's basis).
const cyclesOnDynamoDbLocal = await measureCycles('local');
const startup = await measureStartup();
const adversarial = measureAdversarial();
const cost = estimateMonthlyCost({
  sources: DEFAULT_SOURCE_COUNT,
  scheduleMinutes: SCHEDULE_MINUTES,
  memoryMb: MEMORY_MB,
  // The fixture cycle reads `listPages` list pages; scale the idle cycle to the default sources.
  // Lambda reaches 红网 over the internet: assume at least 3 s per idle cycle, not the local figure.
  idleCycle: {
    ...scaleToSources(cycles.idleCycle, DEFAULT_SOURCE_COUNT),
    wallMs: Math.max(3000, cycles.idleCycle.wallMs),
  },
  // Write units as AWS counts them: measured on DynamoDB Local (dynalite under-reports them ~5×).
  firstCycle: {
    ...cycles.firstCycle,
    writeUnits: cyclesOnDynamoDbLocal.firstCycle.writeUnits,
    articles: cyclesOnDynamoDbLocal.firstCycle.articleFetches,
  },
  writeUnitsBasis: `first cycle ${cyclesOnDynamoDbLocal.firstCycle.writeUnits} WCU for ${cyclesOnDynamoDbLocal.firstCycle.articleFetches} articles as measured on DynamoDB Local (dynalite: ${cycles.firstCycle.writeUnits})`,
  newArticlesPerDay: 150,
  metricsPerArticle: throughput.metricsPerArticle,
  alertSubscribers: { email: 1, http: 0 },
  logBytesPerCycle: 4_000,
});

const results = {
  measuredAt: new Date().toISOString(),
  node: process.version,
  bundleBytes: bundle.bytes,
  bundleTopInputs: bundle.topInputs,
  coldStartMs,
  parseMsPerArticle: throughput.parseMsPerArticle,
  htmlparser2MsPerArticle: throughput.htmlparser2MsPerArticle,
  extractMsPer3000Chars: throughput.extractMsPer3000Chars,
  parseExtractMsPerArticle: throughput.parseExtractMsPerArticle,
  parseExtractRatio: throughput.parseExtractRatio,
  metricsPerSecond: throughput.metricsPerSecond,
  fullPages: {
    articles: fullPageThroughput.articles,
    htmlparser2MsPerArticle: fullPageThroughput.htmlparser2MsPerArticle,
    parseExtractMsPerArticle: fullPageThroughput.parseExtractMsPerArticle,
    parseExtractRatio: fullPageThroughput.parseExtractRatio,
  },
  articlesMeasured: throughput.articles,
  cliStartup: startup,
  firstCycle: cycles.firstCycle,
  idleCycle: cycles.idleCycle,
  serve,
  firstCycleDynamoDbLocal: cyclesOnDynamoDbLocal.firstCycle,
  monthlyCostUsd: cost.monthlyTotalUsd,
  monthlyFixedCostUsd: cost.monthlyFixedUsd,
  monthlyUsageCostUsd: cost.monthlyUsageUsd,
  monthlyCostListPriceUsd: cost.monthlyTotalListPriceUsd,
  monthlyFixedCostListPriceUsd: cost.monthlyFixedListPriceUsd,
  costLines: cost.lines,
  costAssumptions: cost.assumptions,
  adversarial: Object.fromEntries(
    adversarial.map((a) => [a.name, { ms: a.ms, ratios: a.ratios, worst: a.worst }]),
  ),
};

const target = (ok: boolean) => (ok ? 'ok' : 'MISSED');
const rows: Array<[string, string, string]> = [
  [
    'Lambda bundle',
    `${(bundle.bytes / 1024).toFixed(1)} KiB`,
    `≤ 300 KiB ${target(bundle.bytes <= 300 * 1024)}`,
  ],
  [
    'Cold start (module load, median of 10)',
    `${coldStartMs.toFixed(1)} ms`,
    `≤ 150 ms ${target(coldStartMs <= 150)}`,
  ],
  [
    'htmlparser2 parse only (floor)',
    `${throughput.htmlparser2MsPerArticle.toFixed(3)} ms/article`,
    '',
  ],
  ['Page parse (site module)', `${throughput.parseMsPerArticle.toFixed(3)} ms/article`, ''],
  [
    'Metric extraction, 3,000 chars',
    `${throughput.extractMsPer3000Chars.toFixed(3)} ms`,
    `< 1 ms ${target(throughput.extractMsPer3000Chars < 1)}`,
  ],
  ['Parse + extract', `${throughput.parseExtractMsPerArticle.toFixed(3)} ms/article`, ''],
  [
    '  ratio to htmlparser2',
    `${throughput.parseExtractRatio.toFixed(2)}×`,
    `≤ 2.5× ${target(throughput.parseExtractRatio <= 2.5)}`,
  ],
  [
    `  same, ${fullPageThroughput.articles} full pages only`,
    `${fullPageThroughput.parseExtractMsPerArticle.toFixed(3)} ms/article, ${fullPageThroughput.parseExtractRatio.toFixed(2)}×`,
    `≤ 2.5× ${target(fullPageThroughput.parseExtractRatio <= 2.5)}`,
  ],
  ['Metrics extracted per second', throughput.metricsPerSecond.toFixed(0), ''],
  [
    'CLI start-up (÷ node -e 0)',
    `--help ${startup.helpRatio.toFixed(2)}×, query reports ${startup.queryRatio.toFixed(2)}× (node ${startup.nodeMs.toFixed(0)} ms)`,
    `≤ 2× ${target(startup.helpRatio <= 2 && startup.queryRatio <= 2)}`,
  ],
  ['First cycle', describeCycle(cycles.firstCycle), ''],
  [
    'Idle cycle',
    describeCycle(cycles.idleCycle),
    `1 req/list page, 0 fetches, 0 writes ${target(cycles.idleCycle.requests === cycles.idleCycle.listPages && cycles.idleCycle.articleFetches === 0 && cycles.idleCycle.writeUnits === 0)}`,
  ],
  [
    `Web: Reports page, ${serve.reports} stored`,
    `${serve.reportsPageMs.toFixed(1)} ms, ${serve.reportsRatio.toFixed(2)}× the store read`,
    `≤ 1.5× ${target(serve.reportsRatio <= 1.5)}`,
  ],
  [
    `Web: Series page, ${serve.seriesPoints} points`,
    `${serve.seriesPageMs.toFixed(1)} ms, ${serve.seriesRatio.toFixed(2)}× the store read`,
    `≤ 1.5× ${target(serve.seriesRatio <= 1.5)}`,
  ],
  [
    'Monthly cost (total, fixed included)',
    `US$${cost.monthlyTotalUsd.toFixed(4)}`,
    `≤ US$1 ${target(cost.monthlyTotalUsd <= 1)}`,
  ],
  ['  usage', `US$${cost.monthlyUsageUsd.toFixed(4)}`, ''],
  ['  fixed (CloudWatch always-free tier)', `US$${cost.monthlyFixedUsd.toFixed(2)}`, ''],
  [
    '  total with fixed at list price',
    `US$${cost.monthlyTotalListPriceUsd.toFixed(4)}`,
    `fixed US$${cost.monthlyFixedListPriceUsd.toFixed(2)}`,
  ],
  ['Adversarial growth time(4n)/time(n)', '64 KiB→256 KiB / 256 KiB→1 MiB', ''],
  ...adversarialRows(adversarial),
];
const width = Math.max(...rows.map(([name]) => name.length));
console.log('\nnewsmon bench');
for (const [name, value, note] of rows)
  console.log(`${name.padEnd(width)}  ${value.padEnd(40)} ${note}`);
console.log('\nTop bundle inputs:');
for (const input of bundle.topInputs)
  console.log(`  ${(input.bytes / 1024).toFixed(1).padStart(7)} KiB  ${input.name}`);
console.log('\nMonthly cost lines:');
for (const line of cost.lines)
  console.log(`  US$${line.usd.toFixed(4).padStart(8)}  ${line.item} (${line.basis})`);
console.log('Assumptions:');
for (const assumption of cost.assumptions) console.log(`  - ${assumption}`);

const resultsPath = fileURLToPath(new URL('./results.json', import.meta.url));
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${resultsPath}`);
process.exit(0);

function describeCycle(cycle: CycleCost): string {
  return `${cycle.requests} req (${cycle.listPages} list, ${cycle.articleFetches} art), ${cycle.readUnits} RCU, ${cycle.writeUnits} WCU, ${cycle.wallMs.toFixed(0)} ms`;
}

function scaleToSources<
  T extends {
    listPages: number;
    requests: number;
    readUnits: number;
    writeUnits: number;
    wallMs: number;
  },
>(cycle: T, sources: number): T {
  const factor = sources / Math.max(1, cycle.listPages);
  return {
    ...cycle,
    requests: cycle.requests * factor,
    readUnits: cycle.readUnits * factor,
    writeUnits: cycle.writeUnits * factor,
  };
}
