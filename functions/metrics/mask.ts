import { charTable } from './chars.js';

/**
 * Spans whose numerals are names, not figures: short quotations (`“302”专案`, `“五高三降”`, `“7+1”`)
 * and book-title brackets (`《深化“放管服”改革20条举措》`). Long quotations are speech and stay
 * visible. One forward pass; each opener looks at most MAX_TITLE characters ahead for its closing
 * mark, so unbalanced marks cost linear time, not a rescan of the rest of the text.
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
const SENTENCE_STOPS = ['。', '！', '？', '\n'];
const NAME_BREAKS = ['，', '：'];

const OPENERS_RE = /[“「‘"《〈]/g;
const STOPS = charTable(SENTENCE_STOPS);
const STOPS_AND_BREAKS = charTable([...SENTENCE_STOPS, ...NAME_BREAKS]);

export function buildMask(n: string): Uint8Array {
  const mask = new Uint8Array(n.length);
  // Openers are rare: the regex engine skips to each one faster than a loop over every character.
  const openers = new RegExp(OPENERS_RE.source, 'g');
  for (let m = openers.exec(n); m !== null; m = openers.exec(n)) {
    const i = m.index;
    const open = m[0];
    const close = (QUOTE_PAIRS.get(open) as string).charCodeAt(0);
    const isTitle = open === '《' || open === '〈';
    // The first closing mark, if it comes within the limit and the text; no sentence stop (nor, in a
    // quotation, a comma or colon) before it. Closing marks are none of those characters.
    const last = Math.min(i + 1 + (isTitle ? MAX_TITLE : MAX_QUOTED_NAME), n.length - 1);
    const stops = isTitle ? STOPS : STOPS_AND_BREAKS;
    let end = -1;
    for (let k = i + 1; k <= last; k++) {
      const c = n.charCodeAt(k);
      if (c === close) {
        end = k;
        break;
      }
      if (stops[c]) break;
    }
    if (end >= 0) {
      mask.fill(1, i, end + 1);
      openers.lastIndex = end + 1;
    }
  }
  return mask;
}
