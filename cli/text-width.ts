/**
 * Display width of text in a terminal. The Unicode tables (East Asian Width, emoji, grapheme
 * clusters) come from `string-width`; this module decides the two things the tables leave to the
 * terminal, explicitly:
 * - East Asian Ambiguous characters (`“`, `·`, `…`, `≥`) count one column, as in most terminals
 *   outside CJK legacy locales. A terminal set to draw them wide (some CJK setups) is followed
 *   with NEWSMON_AMBIGUOUS_WIDE=1 (see `configureWidth`).
 * - Box-drawing and block characters (`─`, `█`, `░`) are Ambiguous too, so they follow the same
 *   setting; `ruleChar()` gives the character that draws a rule one column per cell either way.
 */
import stringWidthOf from 'string-width';

let ambiguousWide = false;

/** Counts East Asian Ambiguous characters as two columns (a terminal in a CJK locale). */
export function configureWidth(options: { ambiguousWide: boolean }): void {
  ambiguousWide = options.ambiguousWide;
}

/** Whether NEWSMON_AMBIGUOUS_WIDE asks for wide ambiguous characters. */
export function ambiguousWideFromEnv(env: NodeJS.ProcessEnv): boolean {
  return env.NEWSMON_AMBIGUOUS_WIDE === '1' || env.NEWSMON_AMBIGUOUS_WIDE === 'true';
}

/** A table rule: `─` where box drawing is one column, `-` where the terminal draws it wide. */
export function ruleChar(): string {
  return ambiguousWide ? '-' : '─';
}

// Printable ASCII needs no table: the common case of every cell.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Columns `text` occupies in a terminal (`衡阳 2024` → 9). */
export function stringWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length;
  return stringWidthOf(text, { ambiguousIsNarrow: !ambiguousWide, countAnsiEscapeCodes: false });
}

/** Columns one code point occupies on its own: 0, 1 or 2. */
export function codePointWidth(codePoint: number): number {
  return stringWidth(String.fromCodePoint(codePoint));
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Cuts `text` to at most `maxWidth` columns, ending with `…` when something was cut. */
export function truncateToWidth(text: string, maxWidth: number): string {
  if (stringWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return '';
  const ellipsis = '…';
  const budget = maxWidth - stringWidth(ellipsis);
  let width = 0;
  let out = '';
  // Whole grapheme clusters only: an emoji sequence or a base with its marks is never split.
  for (const { segment } of graphemes.segment(text)) {
    const segmentWidth = stringWidth(segment);
    if (width + segmentWidth > budget) break;
    out += segment;
    width += segmentWidth;
  }
  return budget < 0 ? '' : `${out}${ellipsis}`;
}

/** Pads `text` with spaces to exactly `width` columns (never cuts). */
export function padToWidth(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const padding = ' '.repeat(Math.max(0, width - stringWidth(text)));
  return align === 'left' ? text + padding : padding + text;
}

/**
 * Breaks `text` into lines of at most `width` columns at spaces (a word longer than a line is
 * cut with `…`). The first line keeps the text's own leading spaces; continuation lines start
 * with those plus `indent`. An empty text is one empty line. For prose such as run summaries.
 */
export function wrapToWidth(text: string, width: number, indent = '  '): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const words = text.slice(lead.length).split(' ');
  const out: string[] = [];
  let line = lead;
  let empty = true;
  for (const word of words) {
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    if (empty || stringWidth(candidate) <= width) {
      line = candidate;
      empty = false;
      continue;
    }
    out.push(line);
    line = `${lead}${indent}${word}`;
  }
  out.push(line);
  return out.map((part) => truncateToWidth(part, width));
}
