/** Subject rules that take the topic of the clause or the figure before (changes, ratings). */
import { cleanSubject, firstChangeCue } from '../context.js';
import { TOPIC_PREDICATE, TOPIC_SPLIT } from '../lexicon/subject.js';
import { COPULAS } from '../lexicon/verbs.js';
import type { Span } from '../resolved.js';
import type { SubjectScene } from './scene.js';

/**
 * The topic of a figure-less clause (`牛肉价格涨幅最为突出，达到…` → 牛肉价格涨幅): the phrase before its
 * change cue or before a predicate that only rates or ranks it (最为…, 位居…), after any 有/是/为.
 */
export function topicOf(s: SubjectScene, pc: Span): string {
  const { n } = s;
  const cut = firstChangeCue(n, pc.start, pc.end);
  let raw = n.slice(pc.start, cut >= 0 ? cut : pc.end);
  const pred = TOPIC_PREDICATE.exec(raw);
  if (pred && pred.index > 0) raw = raw.slice(0, pred.index);
  const tail = raw.split(TOPIC_SPLIT).pop() ?? raw;
  return s.span(pc.start + raw.length - tail.length, pc.start + raw.length);
}

/** change-topic: a change read from the figure-less clause before takes that clause's topic. */
export function changeTopic(s: SubjectScene): string | undefined {
  const { change, previousClause } = s.ctx;
  if (!change || !previousClause) return undefined;
  return topicOf(s, previousClause) || undefined;
}

/** rated-topic: `鸡蛋产量最为突出，达到3万吨`, a bare copula takes the topic of a clause that rated it. */
export function ratedTopic(s: SubjectScene): string | undefined {
  const { n, ctx } = s;
  const topic = ctx.topicClause;
  if (ctx.change || !topic || !TOPIC_PREDICATE.test(n.slice(topic.start, topic.end)))
    return undefined;
  const rest = cleanSubject(s.rawSeg);
  if (rest.length > 0 && !COPULAS.has(rest)) return undefined;
  return topicOf(s, topic) || undefined;
}

/** change-previous-figure: `…312亿元，同比增长6.1%`, a change with no subject of its own. */
export function changePreviousFigure(s: SubjectScene): string | undefined {
  const prev = s.prevInSentence;
  return s.ctx.change && prev ? (prev.subject ?? '') : undefined;
}
