/** Subject rules read around the verbs of the figure's clause. */
import { clauseStartOf, cleanSubject, type VerbHit } from '../context.js';
import {
  NOMINAL_VERBS,
  PASSIVE_ADVERB,
  PASSIVE_NOUN,
  PER_MEASURE,
  TOTALIZERS,
} from '../lexicon/subject.js';
import { lastIndexAfter } from '../resolved.js';
import { nounAfter, type SubjectScene } from './scene.js';

/**
 * Two verbs written together with nothing after the second (`引进投资5亿元重大项目`), or undefined.
 * (`处以罚款3000元` keeps the second verb as its object.)
 */
function doubledVerbs(s: SubjectScene): VerbHit | undefined {
  const { segVerbs, afterVerbs, end } = s.verbPhrase;
  const last = segVerbs[segVerbs.length - 1];
  const beforeLast = segVerbs[segVerbs.length - 2];
  if (!last || !beforeLast || beforeLast.end !== last.start) return undefined;
  return afterVerbs === last.verb && last.end === end ? beforeLast : undefined;
}

/** doubled-verb-right-noun: `引进投资5亿元重大项目` counts the noun after the figure. */
export function doubledVerbRightNoun(s: SubjectScene): string | undefined {
  if (!doubledVerbs(s) || s.m.kind !== 'quantity') return undefined;
  return nounAfter(s, s.m.end, true) || undefined;
}

/** totalized-before-verbs: `…产品合计出口186亿元` totals what was written before the verbs. */
export function totalizedBeforeVerbs(s: SubjectScene): string | undefined {
  const first = doubledVerbs(s);
  const { before } = s.verbPhrase;
  return first && before && TOTALIZERS.has(first.verb) ? before : undefined;
}

/** measure-after-yi: `以每斤1.6元的价格收购`, a figure introduced by 以 is the measure after its 的. */
export function measureAfterYi(s: SubjectScene): string | undefined {
  const { n, m, rawSeg } = s;
  if (m.kind !== 'quantity' || n[m.end] !== '的') return undefined;
  const yi = rawSeg.lastIndexOf('以');
  if (yi < 0 || !PER_MEASURE.test(cleanSubject(rawSeg.slice(yi + 1)))) return undefined;
  return nounAfter(s, m.end, true) || undefined;
}

/** verb-object: the phrase between the action verb and the figure (`破获电诈案件x起`). */
export function verbObject(s: SubjectScene): string | undefined {
  return s.left && s.verbPhrase.segVerbs.length > 0 ? s.left : undefined;
}

/** phrase-before-figure: no verb, the phrase before the figure in its clause (`游客总数x人次`). */
export function phraseBeforeFigure(s: SubjectScene): string | undefined {
  return s.left && s.verbPhrase.segVerbs.length === 0 ? s.left : undefined;
}

/** passive-before-bei: `粮食已被企业以…订购了300吨` counts what is written before 被. */
export function passiveBeforeBei(s: SubjectScene): string | undefined {
  const { n, m, ctx } = s;
  const { segVerbs } = s.verbPhrase;
  const passiveVerb = segVerbs[segVerbs.length - 1];
  if (!passiveVerb || m.kind !== 'quantity') return undefined;
  const cs = clauseStartOf(n, m.start, ctx.sentence.start);
  const bei = lastIndexAfter(n, '被', cs, passiveVerb.start);
  if (bei <= cs || PASSIVE_NOUN.test(n.slice(bei, bei + 3))) return undefined;
  return cleanSubject(s.span(cs, bei).replace(PASSIVE_ADVERB, '')) || undefined;
}

/** before-verb: nothing after the verb, the phrase before it (`案件破获x起`). */
export function beforeVerb(s: SubjectScene): string | undefined {
  return s.verbPhrase.before || undefined;
}

/** nominal-verb: a verb that also names what is counted (`其中出口x元`). */
export function nominalVerb(s: SubjectScene): string | undefined {
  const { segVerbs } = s.verbPhrase;
  const lastVerb = segVerbs[segVerbs.length - 1];
  return lastVerb && NOMINAL_VERBS.has(lastVerb.verb) ? lastVerb.verb : undefined;
}
