import { DEFAULT_ALERT_WINDOW, parseAlertWindow } from '../shared/duration.js';
import { SNS_TOPIC_ARN, TUNABLES, type Tunable } from '../shared/tunables.js';
import { DEFAULT_SOURCES } from './default-sources.js';
import type { SourceConfig } from './ports.js';

export interface MonitorConfig {
  tableName: string;
  alertTopicArn: string;
  sources: readonly SourceConfig[];
  /** Milliseconds, or `all` to alert every article of a newly seen source. */
  alertWindowMs: number | 'all';
  maxPagesPerSource: number;
  articleConcurrency: number;
  fetchMaxConcurrencyPerHost: number;
  fetchMinIntervalMs: number;
  /** Hours after a source's last successful read at which it counts as failing. */
  sourceFailingAfterHours: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid newsmon configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

// One duration grammar for the whole project (shared/duration.ts); re-exported for the stack.
export { parseAlertWindow };

/*
 * A dozen variables need no schema library: a validation library costs 24 KB (8 %) of the Lambda
 * bundle even as zod/mini. The readers below collect every problem before throwing, as a schema
 * would. (The CDK app, which does not ship, validates its context with zod.)
 */
type Problems = string[];

function requiredString(
  env: Record<string, string | undefined>,
  name: string,
  problems: Problems,
  check: (value: string) => boolean,
  hint: string,
): string {
  const value = env[name]?.trim() ?? '';
  if (!value || !check(value)) {
    problems.push(`${name}: ${value ? hint : `required (${hint})`}`);
  }
  return value;
}

/** A numeric knob from the environment, with the default and bounds of its {@link TUNABLES} row. */
function tunable(
  env: Record<string, string | undefined>,
  row: Tunable & { env: string },
  problems: Problems,
): number {
  const raw = env[row.env];
  if (raw === undefined) return row.default;
  const value = Number(raw.trim());
  if (!Number.isInteger(value)) problems.push(`${row.env}: must be a whole number, got "${raw}"`);
  else if (value < row.min) problems.push(`${row.env}: must be at least ${row.min}`);
  else if (value > row.max) problems.push(`${row.env}: must be at most ${row.max}`);
  return value;
}

/**
 * Reads the environment once. Throws a {@link ConfigError} that lists every bad variable, so a
 * misconfigured function fails at cold start with one clear message. No defaults for resources.
 */
export function loadConfig(env: Record<string, string | undefined>): MonitorConfig {
  // Empty strings are "unset": CDK and shells often pass VAR= for optional settings.
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const problems: Problems = [];
  const tableName = requiredString(
    cleaned,
    'TABLE_NAME',
    problems,
    (value) => value.length >= 3,
    'the DynamoDB table name',
  );
  const alertTopicArn = requiredString(
    cleaned,
    'ALERT_TOPIC_ARN',
    problems,
    (value) => SNS_TOPIC_ARN.test(value),
    'an SNS topic ARN',
  );
  const maxPagesPerSource = tunable(cleaned, TUNABLES.maxPagesPerSource, problems);
  const articleConcurrency = tunable(cleaned, TUNABLES.articleConcurrency, problems);
  const fetchMaxConcurrencyPerHost = tunable(
    cleaned,
    TUNABLES.fetchMaxConcurrencyPerHost,
    problems,
  );
  const fetchMinIntervalMs = tunable(cleaned, TUNABLES.fetchMinIntervalMs, problems);
  const sourceFailingAfterHours = tunable(cleaned, TUNABLES.sourceFailingAfterHours, problems);
  const alertWindowMs = parseAlertWindow(cleaned.ALERT_WINDOW ?? DEFAULT_ALERT_WINDOW);
  if (alertWindowMs === null) {
    problems.push(`ALERT_WINDOW: expected e.g. 6h, 48h, 7d or all, got "${cleaned.ALERT_WINDOW}"`);
  }
  const sources = parseSources(cleaned.SOURCES_JSON, problems);
  if (problems.length > 0 || alertWindowMs === null || sources === null) {
    throw new ConfigError(problems);
  }
  return {
    tableName,
    alertTopicArn,
    sources,
    alertWindowMs,
    maxPagesPerSource,
    articleConcurrency,
    fetchMaxConcurrencyPerHost,
    fetchMinIntervalMs,
    sourceFailingAfterHours,
  };
}

function parseSources(raw: string | undefined, problems: string[]): readonly SourceConfig[] | null {
  if (raw === undefined) return DEFAULT_SOURCES;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    problems.push(`SOURCES_JSON: not valid JSON (${(error as Error).message})`);
    return null;
  }
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(
      'SOURCES_JSON: must list at least one source, e.g. [{"url":"https://…","name":"…"}]',
    );
    return null;
  }
  const sources: SourceConfig[] = [];
  value.forEach((entry: unknown, index) => {
    const { url, name } = (entry ?? {}) as { url?: unknown; name?: unknown };
    const where = `SOURCES_JSON[${index}]`;
    if (typeof url !== 'string' || !isHttpUrl(url)) {
      problems.push(`${where}.url: must be an http(s) URL`);
    }
    if (typeof name !== 'string' || name.trim() === '') {
      problems.push(`${where}.name: must not be empty`);
    }
    if (typeof url === 'string' && typeof name === 'string')
      sources.push({ url, name: name.trim() });
  });
  if (problems.length > 0) return null;
  const urls = new Set<string>();
  for (const source of sources) {
    if (urls.has(source.url)) problems.push(`SOURCES_JSON: duplicate url ${source.url}`);
    urls.add(source.url);
  }
  return problems.length > 0 ? null : sources;
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
