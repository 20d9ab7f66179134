import { type ChangeHit, cleanSubject, findBasis, findChange, type VerbHit } from '../context.js';
import {
  CHANGE_ACTION_VERBS,
  DIRECTIONAL_VERBS,
  PLACE_UNITS,
  RANK_MOVES,
} from '../lexicon/change.js';
import { COPULAS } from '../lexicon/verbs.js';
import type { Mention } from '../mentions.js';
import type { Resolved, Span } from '../resolved.js';
import type { MetricChange } from '../types.js';
import type { ChangeRuleId } from './rules.js';

/** What `changeOf` is given about one figure, besides the text and the figure itself. */
export interface ChangeContext {
  segStart: number;
  verbs: readonly VerbHit[];
  samePrev: Resolved | undefined;
  listGap: boolean;
  /** The figure-less clause right before this one in the sentence, if any. */
  previousClause: Span | undefined;
}

/** Whether a figure is a change, and which rule (rules.ts) decided it. */
export interface ChangeDecision {
  change: MetricChange | null;
  /** The change was read from the figure-less clause before (its topic is the subject). */
  fromPreviousClause: boolean;
  rule: ChangeRuleId;
  /** Where a directional verb that made the change starts (it ends the subject). */
  cueStart?: number;
}

/** What the change rules read about one figure; the cue search runs once, on first use. */
class ChangeScene {
  private cueRead: { hit: ChangeHit | undefined } | undefined;

  constructor(
    readonly n: string,
    readonly m: Mention,
    readonly ctx: ChangeContext,
  ) {}

  /** The change cue nearest before the figure in its clause. */
  get cue(): ChangeHit | undefined {
    this.cueRead ??= {
      hit: findChange(this.n, this.ctx.segStart, this.m.numStart, this.m.numStart),
    };
    return this.cueRead.hit;
  }

  /** The basis (同比, 环比) written in the clause before the figure. */
  basis(): MetricChange['basis'] {
    return findBasis(this.n, this.ctx.segStart, this.m.numStart);
  }
}

/** A change rule's decision without its id, or undefined when it does not decide. */
type ChangeRuleFn = (s: ChangeScene) => Omit<ChangeDecision, 'rule'> | undefined;

const NOT_A_CHANGE = { change: null, fromPreviousClause: false };

/** not-a-quantity: ranks, lexical zeros and scores are never changes. */
function notAQuantity(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  return s.m.kind !== 'quantity' ? NOT_A_CHANGE : undefined;
}

/**
 * directional-verb: `时限压缩40%`, `利率下调0.5个百分点`, a verb of DIRECTIONAL_VERBS written right
 * before a percentage or 个百分点 (`了` may stand between).
 */
function directionalVerb(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  const { n, m } = s;
  if (m.normUnit !== '%' && m.normUnit !== 'pp') return undefined;
  const end = n[m.start - 1] === '了' ? m.start - 1 : m.start;
  for (const [verb, direction] of DIRECTIONAL_VERBS) {
    if (!n.startsWith(verb, end - verb.length)) continue;
    const change = { direction, basis: s.basis() };
    return { change, fromPreviousClause: false, cueStart: end - verb.length };
  }
  return undefined;
}

/**
 * rank-move: `较上年前移6位`, `排名上升3个位次`, a count of places right after a verb that moves a
 * rank (RANK_MOVES; `了` may stand between) is a change of the rank in that direction; the verb ends
 * the subject phrase, as a directional verb does.
 */
function rankMove(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  const { n, m } = s;
  if (m.unit === null || !PLACE_UNITS.has(m.unit)) return undefined;
  const end = n[m.start - 1] === '了' ? m.start - 1 : m.start;
  for (const [verb, direction] of RANK_MOVES) {
    if (!n.startsWith(verb, end - verb.length)) continue;
    const change = { direction, basis: s.basis() };
    return { change, fromPreviousClause: false, cueStart: end - verb.length };
  }
  return undefined;
}

/**
 * cue-governs-later-verb: a cue followed by another verb governs that verb's clause, not this figure
 * (`增幅最大的景区接待游客8万人次`); copulas such as 达 may stand in between.
 */
function cueGovernsLaterVerb(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  const hit = s.cue;
  if (!hit) return undefined;
  const blocked = s.ctx.verbs.some(
    (v) =>
      v.start > hit.start + 1 &&
      v.start < s.m.start &&
      !COPULAS.has(v.verb) &&
      !CHANGE_ACTION_VERBS.has(v.verb),
  );
  return blocked ? NOT_A_CHANGE : undefined;
}

/** cue-before-figure: a change cue before the figure in its clause (`同比下降x%`). */
function cueBeforeFigure(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  const hit = s.cue;
  if (!hit) return undefined;
  return { change: { direction: hit.direction, basis: s.basis() }, fromPreviousClause: false };
}

/** list-shares-change: a figure listed right after a change shares its direction (`分别增长x、y`). */
function listSharesChange(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  const { samePrev, listGap } = s.ctx;
  return samePrev && listGap ? { change: samePrev.change, fromPreviousClause: false } : undefined;
}

/** cue-in-previous-clause: a bare copula after a figure-less clause with a cue (`…涨幅最大，达到x`). */
function cueInPreviousClause(s: ChangeScene): Omit<ChangeDecision, 'rule'> | undefined {
  const { n, m, ctx } = s;
  const pc = ctx.previousClause;
  if (!pc) return undefined;
  const rest = cleanSubject(n.slice(ctx.segStart, m.start));
  if (rest.length > 0 && !COPULAS.has(rest)) return undefined;
  const hit = findChange(n, pc.start, pc.end, -1);
  if (!hit) return undefined;
  const change = { direction: hit.direction, basis: findBasis(n, pc.start, pc.end) };
  return { change, fromPreviousClause: true };
}

/** The change rules of rules.ts that `changeOf` tries, in order; none deciding is `no-cue`. */
export const CHANGE_RULE_ORDER: readonly (readonly [ChangeRuleId, ChangeRuleFn])[] = [
  ['not-a-quantity', notAQuantity],
  ['directional-verb', directionalVerb],
  ['rank-move', rankMove],
  ['cue-governs-later-verb', cueGovernsLaterVerb],
  ['cue-before-figure', cueBeforeFigure],
  ['list-shares-change', listSharesChange],
  ['cue-in-previous-clause', cueInPreviousClause],
];

/** Whether the figure is a change: the first rule of `CHANGE_RULE_ORDER` that decides. */
export function changeOf(n: string, m: Mention, ctx: ChangeContext): ChangeDecision {
  const scene = new ChangeScene(n, m, ctx);
  for (const [rule, decide] of CHANGE_RULE_ORDER) {
    const decision = decide(scene);
    if (decision) return { ...decision, rule };
  }
  return { change: null, fromPreviousClause: false, rule: 'no-cue' };
}
