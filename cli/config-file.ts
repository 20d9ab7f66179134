import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseAlertWindow } from '../functions/shared/duration.js';
import { TUNABLES, type Tunable } from '../functions/shared/tunables.js';
import { CliError, errorMessage } from './errors.js';

/** The file `newsmon` looks for in the current directory and each parent. */
export const CONFIG_FILE_NAME = 'newsmon.config.json';
/** The JSON Schema shipped at the package root, referenced by `$schema` for editor completion. */
export const CONFIG_SCHEMA_NAME = 'newsmon.config.schema.json';

export interface ConfigSource {
  url: string;
  name: string;
  /** Sub-site label (`hy`), for people and `--site`; the URL's host decides fetching. */
  site?: string;
}

export interface FetchSettings {
  minIntervalMs?: number;
  maxConcurrencyPerHost?: number;
  articleConcurrency?: number;
  maxPagesPerSource?: number;
}

/** What a newsmon.config.json may hold (newsmon.config.schema.json describes the same keys). */
export interface ConfigFile {
  $schema?: string;
  $comment?: string;
  sources?: ConfigSource[];
  alertWindow?: string;
  db?: string;
  notify?: string[];
  fetch?: FetchSettings;
}

/** Top-level and `fetch` keys, with the bounds the validator applies (the schema repeats them). */
export const CONFIG_KEYS = [
  '$schema',
  '$comment',
  'sources',
  'alertWindow',
  'db',
  'notify',
  'fetch',
];
/** The tunables row behind each `fetch` key: its default, bounds and environment variable. */
export const FETCH_TUNABLES = {
  minIntervalMs: TUNABLES.fetchMinIntervalMs,
  maxConcurrencyPerHost: TUNABLES.fetchMaxConcurrencyPerHost,
  articleConcurrency: TUNABLES.articleConcurrency,
  maxPagesPerSource: TUNABLES.maxPagesPerSource,
} satisfies Record<keyof FetchSettings, Tunable & { env: string }>;

export interface LoadedConfig {
  /** Absolute path of the file read, or null when none was found (built-in defaults apply). */
  path: string | null;
  file: ConfigFile;
}

/** A configuration file that cannot be read or does not follow the schema. */
export class ConfigFileError extends CliError {
  constructor(path: string, problems: readonly string[]) {
    super(`${path}: ${problems.join('; ')}`);
    this.name = 'ConfigFileError';
  }
}

/** `newsmon.config.json` in `cwd` or the nearest parent that has one, or null. */
function findConfigFile(cwd: string): string | null {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * The configuration in force: `--config FILE` (must exist), else the nearest
 * newsmon.config.json from `cwd` upwards, else none. Validated in full: every problem is listed.
 */
export function loadConfig(cwd: string, explicit?: string): LoadedConfig {
  const path = explicit === undefined ? findConfigFile(cwd) : resolve(cwd, explicit);
  if (path === null) return { path: null, file: {} };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(path, [`cannot read it (${errorMessage(error)})`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(path, [`not valid JSON (${errorMessage(error)})`]);
  }
  const problems: string[] = [];
  const file = validateConfig(value, problems);
  if (problems.length > 0) throw new ConfigFileError(path, problems);
  return { path, file };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Checks a parsed file against the schema's rules; problems are appended, never thrown. */
export function validateConfig(value: unknown, problems: string[]): ConfigFile {
  if (!isObject(value)) {
    problems.push('must be a JSON object ({ "sources": [...], ... })');
    return {};
  }
  for (const key of Object.keys(value)) {
    if (!CONFIG_KEYS.includes(key)) {
      problems.push(`unknown key "${key}" (known: ${CONFIG_KEYS.slice(2).join(', ')})`);
    }
  }
  const file: ConfigFile = {};
  if (value.sources !== undefined) file.sources = validateSources(value.sources, problems);
  if (value.alertWindow !== undefined) {
    if (typeof value.alertWindow !== 'string' || parseAlertWindow(value.alertWindow) === null) {
      problems.push(`alertWindow: expected a duration such as 6h, 48h, 7d or "all"`);
    } else file.alertWindow = value.alertWindow;
  }
  if (value.db !== undefined) {
    if (typeof value.db !== 'string' || value.db.trim() === '') {
      problems.push('db: expected a directory path');
    } else file.db = value.db;
  }
  if (value.notify !== undefined) {
    if (!Array.isArray(value.notify) || !value.notify.every((item) => typeof item === 'string')) {
      problems.push('notify: expected an array of destination strings');
    } else file.notify = value.notify;
  }
  if (value.fetch !== undefined) file.fetch = validateFetch(value.fetch, problems);
  return file;
}

function validateSources(value: unknown, problems: string[]): ConfigSource[] {
  if (!Array.isArray(value)) {
    problems.push('sources: expected an array of { "url", "name", "site"? }');
    return [];
  }
  const sources: ConfigSource[] = [];
  const urls = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const where = `sources[${index}]`;
    if (!isObject(entry)) {
      problems.push(`${where}: expected { "url", "name" }`);
      return;
    }
    const { url, name, site } = entry;
    for (const key of Object.keys(entry)) {
      if (!['url', 'name', 'site'].includes(key)) problems.push(`${where}: unknown key "${key}"`);
    }
    if (typeof url !== 'string' || !isHttpUrl(url)) {
      problems.push(`${where}.url: expected an http(s) URL`);
    } else if (urls.has(url)) problems.push(`${where}.url: ${url} is listed twice`);
    if (typeof name !== 'string' || name.trim() === '') problems.push(`${where}.name: required`);
    if (site !== undefined && (typeof site !== 'string' || !/^[a-z0-9-]+$/.test(site))) {
      problems.push(`${where}.site: expected a sub-site label such as hy`);
    }
    if (typeof url === 'string' && typeof name === 'string') {
      urls.add(url);
      sources.push(typeof site === 'string' ? { url, name, site } : { url, name });
    }
  });
  return sources;
}

function validateFetch(value: unknown, problems: string[]): FetchSettings {
  if (!isObject(value)) {
    problems.push('fetch: expected an object');
    return {};
  }
  const fetch: FetchSettings = {};
  for (const [key, raw] of Object.entries(value)) {
    const tunable = Object.hasOwn(FETCH_TUNABLES, key)
      ? FETCH_TUNABLES[key as keyof FetchSettings]
      : undefined;
    if (!tunable) {
      problems.push(
        `fetch: unknown key "${key}" (known: ${Object.keys(FETCH_TUNABLES).join(', ')})`,
      );
      continue;
    }
    const { min, max } = tunable;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
      problems.push(`fetch.${key}: expected a whole number ${min}–${max}`);
      continue;
    }
    fetch[key as keyof FetchSettings] = raw;
  }
  return fetch;
}

/**
 * Where the embedded database lives, in this order: `--db DIR` (relative to the current
 * directory), the config file's `db` (relative to the file), `$NEWSMON_HOME/db`, `~/.newsmon/db`.
 */
export function resolveDbDir(
  flag: string | undefined,
  config: LoadedConfig,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { dir: string; from: string } {
  if (flag !== undefined) return { dir: resolve(cwd, flag), from: '--db' };
  if (config.file.db !== undefined && config.path !== null) {
    const base = dirname(config.path);
    const db = config.file.db;
    return { dir: isAbsolute(db) ? db : resolve(base, db), from: config.path };
  }
  return { dir: join(newsmonHome(env), 'db'), from: env.NEWSMON_HOME ? 'NEWSMON_HOME' : 'default' };
}

/** `$NEWSMON_HOME`, else `~/.newsmon`: per-user data that does not follow the current directory. */
export function newsmonHome(env: NodeJS.ProcessEnv): string {
  const home = env.NEWSMON_HOME?.trim();
  return home ? resolve(home) : join(homedir(), '.newsmon');
}
