/**
 * Text from fetched pages reaches people (terminals, alert text, SNS subjects) and spreadsheets
 * (CSV). Pages are not trusted: these pure helpers make such text harmless at the point where it
 * is shown, without changing what is stored (except URL userinfo, which is never stored).
 */

/**
 * Characters that can change how a terminal or a renderer shows the text around them:
 * C0 controls (ESC starts terminal escape sequences), DEL, C1 controls (CSI is U+009B),
 * bidi embeddings/overrides/isolates and marks, zero-width characters, the BOM and the
 * line/paragraph separators some renderers treat as line breaks.
 */
const UNSAFE_RANGES =
  '\\u0000-\\u0009\\u000b-\\u001f\\u007f-\\u009f\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff';
const UNSAFE = new RegExp(`[\\u000a${UNSAFE_RANGES}]`, 'g');
const UNSAFE_KEEP_NEWLINES = new RegExp(`[${UNSAFE_RANGES}]`, 'g');

export interface SafeTextOptions {
  /**
   * `visible` (default) replaces each unsafe character with a readable marker (`␛`, `<U+202E>`),
   * so a reader sees that something was there; `strip` removes it.
   */
  mode?: 'visible' | 'strip';
  /** Keep `\n` (multi-line alert text); otherwise a line break is unsafe like any control. */
  keepNewlines?: boolean;
}

const visibleCache = new Map<string, string>();

function visible(char: string): string {
  let shown = visibleCache.get(char);
  if (shown === undefined) {
    shown = describe(char);
    visibleCache.set(char, shown);
  }
  return shown;
}

function describe(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  // Tabs and line breaks read best as a space inside one table cell or subject line.
  if (code === 0x09 || code === 0x0a || code === 0x0d) return ' ';
  // U+2400.. are the "control pictures" of C0 (␛ for ESC); U+2421 is ␡ for DEL.
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * Text safe to print on a terminal, in an alert or an SNS subject: no escape sequence, bidi
 * override or zero-width character survives. Linear in the length of `text`.
 */
export function safeTerminalText(text: string, options: SafeTextOptions = {}): string {
  const pattern = options.keepNewlines ? UNSAFE_KEEP_NEWLINES : UNSAFE;
  if (options.mode === 'strip') return text.replace(pattern, stripped);
  return text.replace(pattern, visible);
}

/** In strip mode, whitespace controls still separate words. */
function stripped(char: string): string {
  return char === '\t' || char === '\r' || char === '\n' ? ' ' : '';
}

/** True when `text` holds anything {@link safeTerminalText} would change. */
export function hasUnsafeText(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?$/;

/**
 * A CSV cell a spreadsheet will not run as a formula: a cell that begins with `=`, `+`, `-`, `@`,
 * tab or CR gets a leading `'` (the OWASP recommendation). A plain signed number such as `-12.5`
 * cannot be a formula and is kept as it is, so numeric columns stay numeric.
 * Quoting for commas and quotes is the CSV writer's job; this only neutralises the content.
 */
export function safeCsvCell(value: string): string {
  if (!FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** Where the authority (`user:pass@host:port`) of an absolute URL starts and ends, if it has one. */
function authoritySpan(url: string): { start: number; end: number } | null {
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:[/\\]{2}/.exec(url);
  if (!scheme) return null;
  const start = scheme[0].length;
  let end = url.length;
  for (let i = start; i < url.length; i++) {
    const c = url[i];
    if (c === '/' || c === '\\' || c === '?' || c === '#') {
      end = i;
      break;
    }
  }
  return { start, end };
}

/** True when an absolute URL carries `user[:password]@` before its host. */
export function hasUrlUserinfo(url: string): boolean {
  const span = authoritySpan(url);
  return span !== null && url.lastIndexOf('@', span.end - 1) >= span.start;
}

/**
 * The URL without `user[:password]@`, otherwise unchanged character for character (no
 * normalisation, so ids and stored URLs keep their form). Text that is not an absolute URL is
 * returned as it is.
 */
export function stripUrlUserinfo(url: string): string {
  const span = authoritySpan(url);
  if (span === null) return url;
  const at = url.lastIndexOf('@', span.end - 1);
  if (at < span.start) return url;
  return url.slice(0, span.start) + url.slice(at + 1);
}
