import type { Mention } from '../mentions.js';
import { benchmarkAfterDe, comparisonBasis, comparisonBenchmark } from './comparison-rules.js';
import {
  fromTo,
  namedRatioPrevious,
  sameFigureAgain,
  sharePart,
  sharePrevious,
} from './figure-rules.js';
import { agentDid, elidedObject, rightNoun, shareOfPeople } from './noun-rules.js';
import {
  consecutiveRank,
  rankAssessment,
  rankBeforeVerb,
  rankFieldScope,
  rankListShared,
  rankPreviousFigure,
} from './rank-rules.js';
import type { SubjectRuleId } from './rules.js';
import { type SubjectContext, SubjectScene } from './scene.js';
import { changePreviousFigure, changeTopic, ratedTopic } from './topic-rules.js';
import {
  beforeVerb,
  doubledVerbRightNoun,
  measureAfterYi,
  nominalVerb,
  passiveBeforeBei,
  phraseBeforeFigure,
  totalizedBeforeVerbs,
  verbObject,
} from './verb-rules.js';

/**
 * One subject rule: the subject it gives the figure ('' for none), or undefined when it does not
 * decide. A rule may assume that the rules before it in `SUBJECT_RULE_ORDER` did not decide.
 */
type SubjectRuleFn = (s: SubjectScene) => string | undefined;

/** The subject rules of rules.ts that `subjectOf` decides, in the order they are tried. */
export const SUBJECT_RULE_ORDER: readonly (readonly [SubjectRuleId, SubjectRuleFn])[] = [
  ['same-figure-again', sameFigureAgain],
  ['share-part', sharePart],
  ['share-previous', sharePrevious],
  ['named-ratio-previous', namedRatioPrevious],
  ['from-to', fromTo],
  ['doubled-verb-right-noun', doubledVerbRightNoun],
  ['totalized-before-verbs', totalizedBeforeVerbs],
  ['rank-field-scope', rankFieldScope],
  ['rank-assessment', rankAssessment],
  ['rank-before-verb', rankBeforeVerb],
  ['rank-previous-figure', rankPreviousFigure],
  ['measure-after-yi', measureAfterYi],
  ['comparison-basis', comparisonBasis],
  ['comparison-benchmark', comparisonBenchmark],
  ['rank-list-shared', rankListShared],
  ['benchmark-after-de', benchmarkAfterDe],
  ['share-of-people', shareOfPeople],
  ['right-noun', rightNoun],
  ['agent-did', agentDid],
  ['verb-object', verbObject],
  ['phrase-before-figure', phraseBeforeFigure],
  ['passive-before-bei', passiveBeforeBei],
  ['before-verb', beforeVerb],
  ['nominal-verb', nominalVerb],
  ['change-topic', changeTopic],
  ['rated-topic', ratedTopic],
  ['change-previous-figure', changePreviousFigure],
  ['consecutive-rank', consecutiveRank],
  ['elided-object', elidedObject],
];

/** The subject chosen for a figure and the rule (rules.ts) that chose it. */
export interface SubjectPick {
  subject: string;
  rule: SubjectRuleId;
}

/**
 * What is counted: after the verb, else the noun after the figure, else before the verb. The first
 * rule of `SUBJECT_RULE_ORDER` that decides gives the subject; none deciding is the rule `none`.
 */
export function subjectOf(n: string, m: Mention, ctx: SubjectContext): SubjectPick {
  const scene = new SubjectScene(n, m, ctx);
  for (const [rule, decide] of SUBJECT_RULE_ORDER) {
    const subject = decide(scene);
    if (subject !== undefined) return { subject, rule };
  }
  return { subject: '', rule: 'none' };
}
