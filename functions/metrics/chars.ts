/** Whether `ch` is one of `set`; an absent character (past either end of the text) never is. */
export function hasChar(set: string, ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && set.includes(ch);
}

/**
 * A lookup table over UTF-16 code units: `table[n.charCodeAt(k)]` is 1 for the given characters. Past
 * either end of the text charCodeAt gives NaN, which reads as undefined (never a member). Hot loops test
 * one character per position this way instead of a string Set lookup or a regex.
 */
export function charTable(chars: Iterable<string>): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const ch of chars) table[ch.charCodeAt(0)] = 1;
  return table;
}
