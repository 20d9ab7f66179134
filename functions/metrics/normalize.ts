/**
 * One-to-one character normalisation: every output character sits at the same offset as its input
 * character, so spans found in the normalised text slice the original text unchanged.
 *
 * Full-width digits, letters, `％`, `．`, `＋`, `－`, `～`, `／`, `：` and U+3000 become ASCII. The clause
 * punctuation `，（）；！？` stays full-width: `，` must stay distinct from a thousands separator (`4,569`).
 */
const FULL_WIDTH_RE = /[\uff02-\uff07\uff0a\uff0b\uff0d-\uff1a\uff1c-\uff1e\uff20-\uff5e\u3000]/g;

function toAscii(ch: string): string {
  const c = ch.charCodeAt(0);
  return c === 0x3000 ? ' ' : String.fromCharCode(c - 0xfee0);
}

export function normalizeText(text: string): string {
  return text.replace(FULL_WIDTH_RE, toAscii);
}
