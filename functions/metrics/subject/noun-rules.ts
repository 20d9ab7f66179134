/** Subject rules that read the noun written after the figure (`420个停车位`, `近3成受访者`). */
import { PLACE_END, PREFERS_RIGHT } from '../lexicon/subject.js';
import { matchVerb } from '../lexicon/verbs.js';
import { nounAfter, type SubjectScene } from './scene.js';

/** share-of-people: `近3成受访者`, `80%的群众`, a share of what is named after it (not after a change). */
export function shareOfPeople(s: SubjectScene): string | undefined {
  if (s.wantsRight || s.left || s.ctx.change || s.m.kind !== 'quantity') return undefined;
  return nounAfter(s, s.m.end, true) || undefined;
}

/** right-noun: a count with nothing usable before it, the noun written after the figure. */
export function rightNoun(s: SubjectScene): string | undefined {
  const { left } = s;
  if (!s.wantsRight) return undefined;
  if (left && !PREFERS_RIGHT.test(s.rawLeft) && !PLACE_END.test(left)) return undefined;
  const directAfterVerb = s.verbPhrase.segVerbs.length > 0 && !left;
  return nounAfter(s, s.m.end, directAfterVerb) || undefined;
}

/** agent-did: `86.4万人完成了加强免疫`, the figure is the agent; what was done names it. */
export function agentDid(s: SubjectScene): string | undefined {
  const { n, m, ctx } = s;
  if (!s.wantsRight || s.left) return undefined;
  const v = matchVerb(n, m.end, ctx.clauseEnd);
  if (!v || n[m.end + v.length] !== '了') return undefined;
  return nounAfter(s, m.end + v.length + 1, false) || undefined;
}

/**
 * elided-object: `受理各类案件1200件，审结1100件`, a clause that is only a verb and a count counts
 * what the figure before it in the sentence counted, when both are in the same unit and that figure's
 * subject was the object of its verb (`全省法院立案x件、结案y件` names no object to share).
 */
export function elidedObject(s: SubjectScene): string | undefined {
  const prev = s.prevInSentence;
  if (!prev?.subject || !s.wantsRight || prev.m.normUnit !== s.m.normUnit) return undefined;
  if (prev.subjectRule !== 'verb-object' && prev.subjectRule !== 'elided-object') return undefined;
  const { segVerbs, before, afterVerbs } = s.verbPhrase;
  if (segVerbs.length === 0 || before || afterVerbs) return undefined;
  return prev.subject;
}
