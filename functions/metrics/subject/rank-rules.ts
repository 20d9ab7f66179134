/** Subject rules of ranks (`位居全省第二`, `在…中排名第4`, `第二、第五`). */
import { clauseStartOf, type VerbHit } from '../context.js';
import {
  ASSESSMENT_FIELD,
  ASSESSMENT_WINDOW,
  ENTITY_END,
  RANK_ENTRY,
  RANK_FIELD_END,
  RANK_LIST_MARK,
} from '../lexicon/subject.js';
import { lastIndexAfter } from '../resolved.js';
import type { SubjectScene } from './scene.js';

/** Where the ranking verb group (居, 排名, 位居; `、`-coordinated) starts, for a rank after a verb. */
function rankVerbStart(s: SubjectScene): number | undefined {
  const { segVerbs } = s.verbPhrase;
  const last = segVerbs[segVerbs.length - 1];
  if (s.m.kind !== 'rank' || !last) return undefined;
  let groupStart = last.start;
  for (let k = segVerbs.length - 2; k >= 0; k--) {
    const v = segVerbs[k] as VerbHit;
    const gap = s.n.slice(v.end, groupStart);
    if (gap === '、' || gap === '和' || gap === '及') groupStart = v.start;
    else break;
  }
  return groupStart;
}

/** rank-field-scope: `综合得分在全省20个县中排名第4`, what is ranked precedes 在 (在…中 is the field). */
export function rankFieldScope(s: SubjectScene): string | undefined {
  const groupStart = rankVerbStart(s);
  const { n, m, ctx } = s;
  if (groupStart === undefined) return undefined;
  if (!RANK_FIELD_END.test(n.slice(ctx.segStart, groupStart).trimEnd())) return undefined;
  const cs = clauseStartOf(n, m.start, ctx.sentence.start);
  const scope = lastIndexAfter(n, '在', cs, groupStart);
  return (scope > cs ? s.span(cs, scope) : '') || undefined;
}

/**
 * rank-assessment: `在全省禁毒工作考评中，某市位居第4名`, a rank whose clause names only a place or an
 * agency (or nothing, with no figure before it) ranks the assessment named earlier in the sentence:
 * the last phrase ending in an assessment noun before 中 or 结果 (ASSESSMENT_FIELD), read from its 在.
 */
export function rankAssessment(s: SubjectScene): string | undefined {
  const groupStart = rankVerbStart(s);
  if (groupStart === undefined) return undefined;
  const who = s.span(s.ctx.segStart, groupStart);
  if (who ? !ENTITY_END.test(who) : rankPreviousFigure(s) !== undefined) return undefined;
  const { n, ctx } = s;
  const from = Math.max(ctx.sentence.start, groupStart - ASSESSMENT_WINDOW);
  const window = n.slice(from, groupStart);
  let last: RegExpExecArray | null = null;
  ASSESSMENT_FIELD.lastIndex = 0;
  for (let f = ASSESSMENT_FIELD.exec(window); f; f = ASSESSMENT_FIELD.exec(window)) last = f;
  if (!last) return undefined;
  const end = from + last.index + last[0].length;
  const cs = clauseStartOf(n, end, ctx.sentence.start);
  const zai = lastIndexAfter(n, '在', cs - 1, end);
  return s.span(zai >= cs ? zai + 1 : cs, end) || undefined;
}

/**
 * rank-before-verb: what is written before the ranking verb; a ranking noun followed by a verb of
 * entering (`综合排名进入全省前二十`, RANK_ENTRY) is part of what is ranked.
 */
export function rankBeforeVerb(s: SubjectScene): string | undefined {
  const groupStart = rankVerbStart(s);
  if (groupStart === undefined) return undefined;
  const last = s.verbPhrase.segVerbs[s.verbPhrase.segVerbs.length - 1] as VerbHit;
  const noun = RANK_ENTRY.test(s.n.slice(last.end, s.m.start));
  return s.span(s.ctx.segStart, noun ? last.end : groupStart) || undefined;
}

/**
 * rank-previous-figure: `满意度达97.2%，排名全省第三`, a clause that opens with the ranking verb ranks
 * what the figure before it measured.
 */
export function rankPreviousFigure(s: SubjectScene): string | undefined {
  const prev = s.prevInSentence;
  if (rankVerbStart(s) === undefined || s.ctx.samePrev || !prev?.subject) return undefined;
  return prev.m.kind !== 'rank' ? prev.subject : undefined;
}

/** rank-list-shared: a rank listed right after another rank shares its subject. */
export function rankListShared(s: SubjectScene): string | undefined {
  const { n, m } = s;
  const { samePrev } = s.ctx;
  if (m.kind !== 'rank' || samePrev?.m.kind !== 'rank' || s.left.length > 4) return undefined;
  if (!RANK_LIST_MARK.test(n.slice(samePrev.m.end, m.start))) return undefined;
  return samePrev.subject ?? s.left;
}

/** consecutive-rank: `综合排名全省第二，连续三年位列全省前五`, consecutive rankings share what is ranked. */
export function consecutiveRank(s: SubjectScene): string | undefined {
  const earlier = s.ctx.samePrev ?? s.prevInSentence;
  if (s.m.kind === 'quantity' || earlier?.m.kind !== s.m.kind) return undefined;
  return earlier?.subject ?? '';
}
