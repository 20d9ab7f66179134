/** Subject rules of comparisons (`较前一周上升…`, `高于全国平均水平…`, `低于5%的控制线`). */
import { BASIS_PHRASE, COMPARISON_VERBS } from '../lexicon/subject.js';
import { nounAfter, type SubjectScene } from './scene.js';
import { topicOf } from './topic-rules.js';

/**
 * comparison-basis: `较前一周上升0.8个百分点`, `比国家标准低2个百分点`, the phrase is the basis of a
 * comparison; what is compared is the previous figure's subject (or the topic of the clause before).
 */
export function comparisonBasis(s: SubjectScene): string | undefined {
  const { n, m, ctx } = s;
  if (m.kind !== 'quantity' || n[m.end] === '的') return undefined;
  const phrase = s.object;
  if (phrase.length <= 1 || !BASIS_PHRASE.test(phrase)) return undefined;
  return (
    s.prevInSentence?.subject || (ctx.topicClause ? topicOf(s, ctx.topicClause) : '') || undefined
  );
}

/**
 * comparison-benchmark: `增速高于全国平均水平0.3个百分点`, the benchmark follows the comparison verb,
 * what is compared is written before it. (With nothing written before it, the benchmark stays.)
 */
export function comparisonBenchmark(s: SubjectScene): string | undefined {
  const { n, m } = s;
  const { segVerbs } = s.verbPhrase;
  const verb = segVerbs[segVerbs.length - 1];
  if (m.kind !== 'quantity' || n[m.end] === '的' || !s.object) return undefined;
  if (!verb || !COMPARISON_VERBS.has(verb.verb)) return undefined;
  return s.span(s.ctx.segStart, verb.start) || undefined;
}

/** benchmark-after-de: `低于5.5%的控制目标`, a rate right after a comparison verb names its benchmark. */
export function benchmarkAfterDe(s: SubjectScene): string | undefined {
  const { n, m } = s;
  if (s.wantsRight || s.left.length > 2 || s.verbPhrase.segVerbs.length === 0) return undefined;
  if (n[m.end] !== '的' || m.kind !== 'quantity') return undefined;
  return nounAfter(s, m.end, true) || undefined;
}
