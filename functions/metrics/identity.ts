/**
 * What makes two figures points of one series, besides their subject and unit: the action class of
 * their verbs and their kind. Pure; used by the extractor for new metrics and by the store for metrics
 * stored before these fields existed, so both always agree.
 */
import { ACTION_CLASSES, LINKING_VERBS } from './lexicon/action-classes.js';
import type { Metric, MetricKind } from './types.js';

const CLASS_OF_VERB: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const c of ACTION_CLASSES) for (const v of c.verbs) if (!map.has(v)) map.set(v, c.id);
  return map;
})();
const LINKING: ReadonlySet<string> = new Set(LINKING_VERBS);

/**
 * The action class of a metric's verbs: each verb's class (a verb in no class is its own), linking
 * verbs skipped, distinct classes joined by `+` in written order (`查扣`+`冻结` → `查扣`); null when
 * nothing but linking verbs (or nothing) is left.
 */
export function actionClassOf(action: readonly string[] | null | undefined): string | null {
  if (!action || action.length === 0) return null;
  const out: string[] = [];
  for (const raw of action) {
    const v = raw.normalize('NFKC').trim();
    if (v.length === 0 || LINKING.has(v)) continue;
    const c = CLASS_OF_VERB.get(v) ?? v;
    if (!out.includes(c)) out.push(c);
  }
  return out.length > 0 ? out.join('+') : null;
}

/** The action class a user typed (`--action 侦破`): the class of that verb, or the word itself. */
export function actionClassOfWord(word: string): string {
  const v = word.normalize('NFKC').trim();
  return CLASS_OF_VERB.get(v) ?? v;
}

/** 占 as a share (`占全市的45%`, `占比`), not 占地/占用/占领; 比重, 份额, 占有率. */
const SHARE_CUE = /占(?!地|用|领|据|道|压)|比重|份额/;
const SHARE_UNITS: ReadonlySet<string | null> = new Set(['%']);
/** How far before the figure a share cue is looked for, inside its clause. */
const SHARE_WINDOW = 16;
const CLAUSE_BREAK = /^[，。；！？：:;\n]$/;

/**
 * The kind of a figure: `rank` (normalised unit rank), `change` (it has a change direction), `share`
 * (a percentage after 占/比重/份额 in its clause: `进出口额占全省的45%`, `占比达30%`), else `level`.
 * `at` is the figure's offset in `metric.sentence` when known; else its text is looked up there.
 */
export function kindOf(
  metric: Pick<Metric, 'normalized' | 'change' | 'text' | 'sentence'>,
  at?: number,
): MetricKind {
  if (metric.normalized.unit === 'rank') return 'rank';
  if (metric.change) return 'change';
  if (!SHARE_UNITS.has(metric.normalized.unit)) return 'level';
  const sentence = metric.sentence ?? '';
  const pos = at ?? sentence.indexOf(metric.text);
  if (pos < 0) return 'level';
  let from = Math.max(0, pos - SHARE_WINDOW);
  for (let k = pos - 1; k >= from; k--) {
    if (CLAUSE_BREAK.test(sentence[k] as string)) {
      from = k + 1;
      break;
    }
  }
  return SHARE_CUE.test(sentence.slice(from, pos)) ? 'share' : 'level';
}
