/** Subject rules read from the figures around this one: a figure restated, a share, from → to. */
import { cleanSubject } from '../context.js';
import { BARE_RATIO } from '../lexicon/subject.js';
import type { SubjectScene } from './scene.js';
import { nounAfter } from './scene.js';

/** same-figure-again: `1246件2.7万人`, a second figure for the same thing (or the noun after it). */
export function sameFigureAgain(s: SubjectScene): string | undefined {
  const { m, ctx } = s;
  const { samePrev } = ctx;
  if (!samePrev || !ctx.listGap || cleanSubject(s.rawSeg).length > 0) return undefined;
  if (m.kind !== samePrev.m.kind) return undefined;
  const r = m.kind === 'quantity' ? nounAfter(s, m.end, false) : '';
  return r || (samePrev.subject ?? '');
}

/** `进出口额占…的45%`: where 占 is, or -1 when the figure is no share. */
function shareAt(s: SubjectScene): number {
  return s.rawSeg.endsWith('的') ? s.rawSeg.lastIndexOf('占') : -1;
}

/** share-part: `A占B的x%` counts the part A. */
export function sharePart(s: SubjectScene): string | undefined {
  const share = shareAt(s);
  if (share < 0) return undefined;
  return s.span(s.ctx.segStart, s.ctx.segStart + share) || undefined;
}

/** share-previous: `…，占B的x%` with nothing before 占 shares the previous figure's subject. */
export function sharePrevious(s: SubjectScene): string | undefined {
  if (shareAt(s) < 0) return undefined;
  return s.prevInSentence?.subject || undefined;
}

/**
 * named-ratio-previous: `其中民营企业进出口4287亿元，占比82.2%`, a bare 占比 right after a figure names
 * the share of what that figure counted; the ratio keeps its name (`民营企业进出口占比`).
 */
export function namedRatioPrevious(s: SubjectScene): string | undefined {
  const prev = s.prevInSentence;
  if (s.m.normUnit !== '%' || !BARE_RATIO.test(cleanSubject(s.rawSeg))) return undefined;
  if (!prev?.subject || prev.m.kind !== 'quantity' || prev.m.normUnit === '%') return undefined;
  return `${prev.subject}占比`;
}

/** from-to: `出口总额从2016年的128.6亿元攀升至…` (also 由…增加到) counts what is written before 从/由. */
export function fromTo(s: SubjectScene): string | undefined {
  const { rawSeg } = s;
  const from = Math.max(rawSeg.lastIndexOf('从'), rawSeg.lastIndexOf('由'));
  if (from <= 0 || !rawSeg.endsWith('的')) return undefined;
  return s.span(s.ctx.segStart, s.ctx.segStart + from) || undefined;
}
