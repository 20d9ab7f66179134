import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode, with its errors turned into one-line UsageErrors
 * (`unknown option '--foo'`) that point at the command's `--help`.
 */
export function parseCommandArgs<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    if (error instanceof TypeError) {
      const message = error.message
        .replace(/^Unknown option '([^']+)'.*$/s, "unknown option '$1'")
        .replace(/^Option '([^']+)' argument missing$/s, "option '$1' needs a value")
        .replace(/^Option '([^']+)' argument is ambiguous.*$/s, "option '$1' needs a value")
        .split('\n')[0];
      throw new UsageError(`${message ?? 'bad usage'} (see 'newsmon ${command} --help')`, command);
    }
    throw error;
  }
}

/** A positive integer option (`--pages 3`), or the default when absent. */
export function parseCount(
  value: string | undefined,
  option: string,
  fallback: number,
  { min = 1, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (
    !/^\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(number) ||
    number < min ||
    number > max
  ) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `${min}–${max}`;
    throw new UsageError(`${option} expects a whole number ${range}, got '${value}'`);
  }
  return number;
}

/** A finite number option (`--min-value 12.5`). */
export function parseNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) {
    throw new UsageError(`${option} expects a number, got '${value}'`);
  }
  return number;
}

/** An absolute http(s) URL, or a UsageError naming the option. */
export function parseHttpUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option}: '${value}' is not a valid URL (expected http:// or https://)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${option}: '${value}' is not an http(s) URL`);
  }
  return url.href;
}

/** Exactly `count` positionals, or a UsageError describing what was expected. */
export function expectPositionals(
  command: string,
  positionals: string[],
  names: readonly string[],
): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(
      `missing ${names
        .slice(positionals.length)
        .map((name) => `<${name}>`)
        .join(' ')} (see 'newsmon ${command} --help')`,
      command,
    );
  }
  if (positionals.length > names.length) {
    throw new UsageError(
      `unexpected argument '${positionals[names.length]}' (see 'newsmon ${command} --help')`,
      command,
    );
  }
  return positionals;
}
