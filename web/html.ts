/**
 * HTML built by construction: `html` is a tagged template whose every interpolation is escaped
 * unless it is already a `SafeHtml` (the result of another `html` template, or a constant marked
 * with `trustedHtml`). Titles and bodies come from the web; none of them can reach a page unescaped.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template accepts: text (escaped), safe fragments, lists of either; nullish and false render nothing. */
export type HtmlValue =
  | SafeHtml
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

// C0 controls other than tab/newline/carriage return, DEL and non-characters: never wanted in a
// page (and invalid in XML, which the feed shares this escaping with). Lone surrogates likewise.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/g;
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text safe inside element content and quoted attribute values. */
function escapeHtml(text: string): string {
  return text
    .replace(CONTROLS, '')
    .replace(LONE_SURROGATES, '')
    .replace(/[&<>"'`]/g, (char) => ESCAPES[char] ?? char);
}

/** Marks a string as safe HTML. Only for constants written in this code, never for data. */
function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** The tagged template: `html\`<p>${title}</p>\`` escapes `title`. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) {
    out += render(values[i]);
    out += strings[i + 1] ?? '';
  }
  return new SafeHtml(out);
}

/**
 * An href for a link to the outside: only absolute http(s) URLs, without user:password, pass;
 * anything else (javascript:, data:, relative junk) becomes `#`.
 */
export function externalHref(url: string | null | undefined): string {
  if (!url) return '#';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return '#';
    parsed.username = '';
    parsed.password = '';
    return parsed.href;
  } catch {
    return '#';
  }
}

/**
 * A `<script type="application/json">` block a static script reads with `JSON.parse`:
 * `<`, `>`, `&` and the JS line separators are written as \\u escapes, so no value can close
 * the element or start markup.
 */
export function jsonScript(id: string, data: unknown): SafeHtml {
  const json = JSON.stringify(data).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return html`<script type="application/json" id="${id}">${trustedHtml(json)}</script>`;
}
