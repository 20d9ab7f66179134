/**
 * The pairing and scoring described in docs/metric-contract.md ("Scoring"): per article, required gold
 * items claim predictions first; a prediction pairs on (normalized.value, normalized.unit), preferring
 * the same surface text. Optional gold items count in neither precision nor recall when unpaired.
 */
export interface ScoredMetric {
  text?: string | null;
  subject?: string | null;
  bound?: string | null;
  change?: { direction?: string | null } | null;
  normalized?: { value?: unknown; unit?: string | null } | null;
  optional?: boolean;
}

export interface ScoreTotals {
  pred: number;
  gold: number;
  paired: number;
  subjTotal: number;
  subjOk: number;
  chgTotal: number;
  chgOk: number;
  bndTotal: number;
  bndOk: number;
}

export interface ScoreSummary {
  precision: number;
  recall: number;
  f1: number;
  subject: number;
  change: number;
  bound: number;
  counts: ScoreTotals;
  misses: string[];
}

const squash = (s: unknown): string => (s ?? '').toString().replace(/[\s“”"'‘’「」《》]/g, '');
const UNIT_ALIAS: Readonly<Record<string, string>> = {
  元: 'CNY',
  RMB: 'CNY',
  yuan: 'CNY',
  '％': '%',
  percent: '%',
  个百分点: 'pp',
  倍: 'x',
};
const normUnit = (u: string | null | undefined): string | null | undefined =>
  (u != null ? UNIT_ALIAS[u] : undefined) ?? u;
const sameValue = (a: unknown, b: unknown): boolean =>
  typeof a === 'number' &&
  typeof b === 'number' &&
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export function emptyTotals(): ScoreTotals {
  return {
    pred: 0,
    gold: 0,
    paired: 0,
    subjTotal: 0,
    subjOk: 0,
    chgTotal: 0,
    chgOk: 0,
    bndTotal: 0,
    bndOk: 0,
  };
}

/**
 * Where `scoreArticle` explains paired metrics whose subject or change is wrong: one line each in
 * `wrong`, with the rule that decided it (`ruleOf` gets the predicted metric).
 */
export interface WrongDetail {
  wrong: string[];
  ruleOf: (predicted: ScoredMetric) => { subject?: string; change?: string } | undefined;
}

/** Scores one article's predictions against its gold, adding into `t`; returns the miss lines. */
export function scoreArticle(
  key: string,
  gold: readonly ScoredMetric[],
  predicted: readonly ScoredMetric[],
  t: ScoreTotals,
  detail?: WrongDetail,
): string[] {
  const misses: string[] = [];
  const pm = predicted.filter((m) => m?.normalized);
  const used = new Set<number>();
  let paired = 0;
  let need = 0;
  const pairs: [ScoredMetric, ScoredMetric][] = [];
  for (const g of [...gold.filter((x) => !x.optional), ...gold.filter((x) => x.optional)]) {
    const cands: [ScoredMetric, number][] = [];
    pm.forEach((p, i) => {
      if (
        !used.has(i) &&
        sameValue(p.normalized?.value, g.normalized?.value) &&
        normUnit(p.normalized?.unit) === normUnit(g.normalized?.unit)
      )
        cands.push([p, i]);
    });
    const hit = cands.find(([p]) => squash(p.text) === squash(g.text)) ?? cands[0];
    if (hit) {
      used.add(hit[1]);
      paired++;
      pairs.push([g, hit[0]]);
    } else if (!g.optional)
      misses.push(`${key}: missed ${g.text} (${g.normalized?.value} ${g.normalized?.unit})`);
    if (!g.optional) need++;
  }
  const pairedRequired = pairs.filter(([g]) => !g.optional).length;
  const pairedOptional = paired - pairedRequired;
  const predCounted = pm.length - pairedOptional;
  pm.forEach((p, i) => {
    if (!used.has(i))
      misses.push(`${key}: extra ${p.text} (${p.normalized?.value} ${p.normalized?.unit})`);
  });
  for (const [g, p] of pairs) {
    if (g.subject) {
      t.subjTotal++;
      const a = squash(g.subject);
      const b = squash(p.subject);
      if (b && (a.includes(b) || b.includes(a))) t.subjOk++;
      else
        detail?.wrong.push(
          `${key}: subject of ${p.text} is ${p.subject ?? 'null'}, gold ${g.subject} [rule ${detail.ruleOf(p)?.subject ?? '?'}]`,
        );
    }
    if (g.change) {
      t.chgTotal++;
      if (p.change?.direction === g.change.direction) t.chgOk++;
      else
        detail?.wrong.push(
          `${key}: change of ${p.text} is ${p.change?.direction ?? 'null'}, gold ${g.change.direction} [rule ${detail.ruleOf(p)?.change ?? '?'}]`,
        );
    }
    if (g.bound) {
      t.bndTotal++;
      if ((p.bound ?? 'exact') === g.bound) t.bndOk++;
    }
  }
  t.pred += predCounted;
  t.gold += need;
  t.paired += pairedRequired;
  return misses;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

export function summarize(t: ScoreTotals, misses: string[] = []): ScoreSummary {
  const precision = ratio(t.paired, t.pred);
  const recall = ratio(t.paired, t.gold);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    precision,
    recall,
    f1,
    subject: ratio(t.subjOk, t.subjTotal),
    change: ratio(t.chgOk, t.chgTotal),
    bound: ratio(t.bndOk, t.bndTotal),
    counts: t,
    misses,
  };
}

/** Scores a set of articles: `{ key: goldMetrics }` against `{ key: predictedMetrics }`. */
export function scoreAll(
  gold: Readonly<Record<string, readonly ScoredMetric[]>>,
  predicted: Readonly<Record<string, readonly ScoredMetric[]>>,
): ScoreSummary {
  const t = emptyTotals();
  const misses: string[] = [];
  for (const key of Object.keys(gold))
    misses.push(...scoreArticle(key, gold[key] ?? [], predicted[key] ?? [], t));
  return summarize(t, misses);
}

export function formatSummary(s: ScoreSummary): string {
  const f = (x: number) => x.toFixed(3);
  return `metric F1 ${f(s.f1)} (P ${f(s.precision)} R ${f(s.recall)}) subject ${f(s.subject)} change ${f(s.change)} bound ${f(s.bound)}`;
}
