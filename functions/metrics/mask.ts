/**
 * Spans whose numerals are names, not figures: short quotations (`“302”专案`, `“五高三降”`, `“7+1”`)
 * and book-title brackets (`《深化“放管服”改革20条举措》`). Long quotations are speech and stay
 * visible. One forward pass; the next closing mark, sentence stop and comma are found with cached
 * `indexOf` lookups, so unbalanced marks cost linear time, not a rescan per opener.
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

/** Remembers the next position of each searched character so repeated lookups stay linear. */
class NextIndex {
  private readonly cache = new Map<string, { from: number; pos: number }>();
  constructor(private readonly text: string) {}

  /** Position of the next `ch` at or after `from`, or text.length. */
  of(ch: string, from: number): number {
    const c = this.cache.get(ch);
    // No occurrence lies in [c.from, c.pos), so none lies in [from, c.pos) either.
    if (c && c.from <= from && from <= c.pos) return c.pos;
    const at = this.text.indexOf(ch, from);
    const pos = at < 0 ? this.text.length : at;
    this.cache.set(ch, { from, pos });
    return pos;
  }

  ofAny(chars: readonly string[], from: number): number {
    let best = this.text.length;
    for (const c of chars) best = Math.min(best, this.of(c, from));
    return best;
  }
}

const OPENERS_RE = /[“「‘"《〈]/g;

export function buildMask(n: string): Uint8Array {
  const mask = new Uint8Array(n.length);
  const next = new NextIndex(n);
  const openers = new RegExp(OPENERS_RE.source, 'g');
  for (let m = openers.exec(n); m !== null; m = openers.exec(n)) {
    const i = m.index;
    const open = m[0];
    const close = QUOTE_PAIRS.get(open) as string;
    const isTitle = open === '《' || open === '〈';
    const limit = i + 1 + (isTitle ? MAX_TITLE : MAX_QUOTED_NAME);
    const end = next.of(close, i + 1);
    const ok =
      end < n.length &&
      end <= limit &&
      next.ofAny(SENTENCE_STOPS, i + 1) > end &&
      (isTitle || next.ofAny(NAME_BREAKS, i + 1) > end);
    if (ok) {
      mask.fill(1, i, end + 1);
      openers.lastIndex = end + 1;
    }
  }
  return mask;
}
