/** Whether `ch` is one of `set`; an absent character (past either end of the text) never is. */
export function hasChar(set: string, ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && set.includes(ch);
}
