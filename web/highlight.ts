import type { Metric } from '../functions/metrics/types.js';

/** A piece of article text: plain, or the span of figure `index` (into the report's metrics). */
export type TextPiece = { text: string; figure: null } | { text: string; figure: number };

/**
 * Where each figure sits in the article text: its stored offset when the text there matches,
 * else its first occurrence after the previous figure. Overlapping or unfound figures are left
 * out of the text (they stay in the figure table). Returns paragraphs of pieces, in order.
 */
export function highlightFigures(text: string, metrics: readonly Metric[]): TextPiece[][] {
  const spans: Array<{ start: number; end: number; figure: number }> = [];
  let searchFrom = 0;
  const order = metrics
    .map((metric, index) => ({ metric, index }))
    .sort(
      (a, b) =>
        (a.metric.offset ?? Number.MAX_SAFE_INTEGER) - (b.metric.offset ?? Number.MAX_SAFE_INTEGER),
    );
  for (const { metric, index } of order) {
    if (!metric.text) continue;
    let start = -1;
    if (metric.offset !== undefined && text.startsWith(metric.text, metric.offset)) {
      start = metric.offset;
    } else {
      start = text.indexOf(metric.text, searchFrom);
    }
    if (start < 0) continue;
    const end = start + metric.text.length;
    const previous = spans.at(-1);
    if (previous && start < previous.end) continue;
    spans.push({ start, end, figure: index });
    searchFrom = end;
  }
  const paragraphs: TextPiece[][] = [[]];
  const push = (piece: TextPiece): void => {
    const parts = piece.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) paragraphs.push([]);
      if (part !== '') paragraphs.at(-1)?.push({ ...piece, text: part } as TextPiece);
    });
  };
  let at = 0;
  for (const span of spans) {
    if (span.start > at) push({ text: text.slice(at, span.start), figure: null });
    push({ text: text.slice(span.start, span.end), figure: span.figure });
    at = span.end;
  }
  if (at < text.length) push({ text: text.slice(at), figure: null });
  return paragraphs.filter((paragraph) => paragraph.length > 0);
}
