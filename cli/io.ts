/** Where a command writes, and what it may ask of its environment (tests pass their own). */
export interface CliIo {
  /** Read by `extract -`. */
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C: long-running commands stop cleanly between units of work. */
  signal: AbortSignal;
  /** `--config FILE`, taken from anywhere on the command line by `main`. */
  configPath?: string | undefined;
}

/** Writes `text` and a newline. */
export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}

/** Whether `--verbose`/`NEWSMON_DEBUG` asked for the monitor's info logs too. */
export function isDebug(env: NodeJS.ProcessEnv): boolean {
  return env.NEWSMON_DEBUG === '1' || env.NEWSMON_DEBUG === 'true';
}

/** `1 figure`, `2 figures`: counts in summaries read as English. */
export function count(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`;
}
