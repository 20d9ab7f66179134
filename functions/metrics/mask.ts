/**
 * Spans whose numerals are names, not figures: short quotations (`“302”专案`, `“五高三降”`, `“7+1”`)
 * and book-title brackets (`《深化“放管服”改革20条举措》`). Long quotations are speech and stay
 * visible. One forward pass; each closing mark is searched within a bounded window.
 */
const QUOTE_PAIRS: ReadonlyMap<string, string> = new Map([
  ['“', '”'],
  ['「', '」'],
  ['‘', '’'],
  ['"', '"'],
  ['《', '》'],
  ['〈', '〉'],
]);
const MAX_QUOTED_NAME = 16;
const MAX_TITLE = 80;
const SENTENCE_STOPS = new Set(['。', '！', '？', '\n']);

export function buildMask(n: string): Uint8Array {
  const mask = new Uint8Array(n.length);
  let i = 0;
  while (i < n.length) {
    const open = n[i] as string;
    const close = QUOTE_PAIRS.get(open);
    if (close === undefined) {
      i++;
      continue;
    }
    const isTitle = open === '《' || open === '〈';
    const limit = Math.min(n.length, i + 1 + (isTitle ? MAX_TITLE : MAX_QUOTED_NAME + 1));
    let j = i + 1;
    let isName = true;
    while (j < limit && n[j] !== close) {
      const ch = n[j] as string;
      if (SENTENCE_STOPS.has(ch)) break;
      if (!isTitle && (ch === '，' || ch === '：')) isName = false;
      j++;
    }
    if (j < limit && n[j] === close && (isTitle || isName)) {
      mask.fill(1, i, j + 1);
      i = j + 1;
      continue;
    }
    i++;
  }
  return mask;
}
