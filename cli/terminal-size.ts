import type { CliIo } from './io.js';

/**
 * Columns of the terminal a stream writes to, or undefined when it is not a terminal (a pipe or
 * file gets full rows: nothing there wraps). A pseudo-terminal without a size reports 0: 80 then.
 */
export function terminalColumns(stream: CliIo['stdout']): number | undefined {
  if (!stream.isTTY) return undefined;
  return stream.columns && stream.columns > 0 ? stream.columns : 80;
}
