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
import { createRequire } from 'node:module';

type StringWidthOf = typeof import('string-width').default;

// string-width's Unicode tables take tens of milliseconds to load and to compile on first use,
// a large share of a command's start-up, while most of what newsmon prints (ASCII, Chinese
// titles) needs no table at all (see `tableFreeWidth`). So the package is loaded on the first
// text that does need it.
const loadModule = createRequire(import.meta.url);
let stringWidthOf: StringWidthOf | undefined;

function unicodeTableWidth(text: string, ambiguousIsNarrow: boolean): number {
  stringWidthOf ??= (loadModule('string-width') as { default: StringWidthOf }).default;
  return stringWidthOf(text, { ambiguousIsNarrow, countAnsiEscapeCodes: false });
}

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

/**
 * Text made only of characters whose width is fixed and which never join a neighbour into one
 * cluster: printable ASCII (one column); CJK ideographs, CJK brackets and stops, and full-width
 * forms (two); and the East Asian Ambiguous punctuation of Chinese text `·—‘’“”…` and the table
 * rule `─` (one, or two when configured wide). A unit test checks each of them against
 * string-width.
 */
const TABLE_FREE =
  /^[\x20-\x7e\u3001-\u3003\u3008-\u3011\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e\u00b7\u2014\u2018\u2019\u201c\u201d\u2026\u2500]*$/;
const AMBIGUOUS_PUNCTUATION = new Set(['·', '—', '‘', '’', '“', '”', '…', '─']);

function tableFreeWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    if (character <= '\x7e') width += 1;
    else if (AMBIGUOUS_PUNCTUATION.has(character)) width += ambiguousWide ? 2 : 1;
    else width += 2;
  }
  return width;
}

/** Columns `text` occupies in a terminal (`衡阳 2024` → 9). */
export function stringWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) return text.length;
  if (TABLE_FREE.test(text)) return tableFreeWidth(text);
  return unicodeTableWidth(text, !ambiguousWide);
}

/** Columns one code point occupies on its own: 0, 1 or 2. */
export function codePointWidth(codePoint: number): number {
  return stringWidth(String.fromCodePoint(codePoint));
}

let graphemes: Intl.Segmenter | undefined;

/** Cuts `text` to at most `maxWidth` columns, ending with `…` when something was cut. */
export function truncateToWidth(text: string, maxWidth: number): string {
  if (stringWidth(text) <= maxWidth) return text;
  if (maxWidth <= 0) return '';
  const ellipsis = '…';
  const budget = maxWidth - stringWidth(ellipsis);
  let width = 0;
  let out = '';
  // Whole grapheme clusters only: an emoji sequence or a base with its marks is never split.
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
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
