import type { MessageDoc } from '../types.js';

function lineCount(doc: MessageDoc): number {
  return doc.sections.reduce((sum, section) => sum + section.lines.length, 0);
}

/**
 * The document with only its first `keep` lines (in section order); the rest are added to
 * `omitted`. A section that had lines and lost them all goes; one that never had any stays.
 */
function cutDoc(doc: MessageDoc, keep: number): MessageDoc {
  let left = keep;
  let cut = 0;
  const sections = [];
  for (const section of doc.sections) {
    if (section.lines.length === 0) {
      sections.push(section);
      continue;
    }
    const kept = section.lines.slice(0, Math.max(0, left));
    cut += section.lines.length - kept.length;
    left -= kept.length;
    if (kept.length > 0) sections.push({ ...section, lines: kept });
  }
  return { ...doc, sections, omitted: doc.omitted + cut };
}

/**
 * Renders the document with as many lines as fit the vendor's limit (binary search: the size
 * grows with every line kept), the cut lines counted in the "N more" line. Title, link and meta
 * are capped upstream, so the document with no lines always fits.
 */
export function fitDoc<T>(
  doc: MessageDoc,
  render: (doc: MessageDoc) => T,
  fits: (payload: T) => boolean,
): T {
  const total = lineCount(doc);
  const whole = render(doc);
  if (fits(whole)) return whole;
  let low = 0;
  let high = total - 1;
  let best = render(cutDoc(doc, 0));
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = render(cutDoc(doc, middle));
    if (fits(candidate)) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}
