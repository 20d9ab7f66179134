import { parseAlertWindow } from '../shared/duration.js';
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
 * Nine variables need no schema library: a validation library costs 24 KB (8 %) of the Lambda
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

function boundedInt(
  env: Record<string, string | undefined>,
  name: string,
  problems: Problems,
  { fallback, min, max }: { fallback: number; min: number; max: number },
): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value)) problems.push(`${name}: must be a whole number, got "${raw}"`);
  else if (value < min) problems.push(`${name}: must be at least ${min}`);
  else if (value > max) problems.push(`${name}: must be at most ${max}`);
  return value;
}

const TOPIC_ARN = /^arn:[\w-]+:sns:[\w-]*:\d*:[\w-]+$/;

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
    (value) => TOPIC_ARN.test(value),
    'an SNS topic ARN',
  );
  const maxPagesPerSource = boundedInt(cleaned, 'MAX_PAGES_PER_SOURCE', problems, {
    fallback: 3,
    min: 1,
    max: 50,
  });
  const articleConcurrency = boundedInt(cleaned, 'ARTICLE_CONCURRENCY', problems, {
    fallback: 4,
    min: 1,
    max: 32,
  });
  const fetchMaxConcurrencyPerHost = boundedInt(
    cleaned,
    'FETCH_MAX_CONCURRENCY_PER_HOST',
    problems,
    { fallback: 2, min: 1, max: 16 },
  );
  const fetchMinIntervalMs = boundedInt(cleaned, 'FETCH_MIN_INTERVAL_MS', problems, {
    fallback: 500,
    min: 0,
    max: 60_000,
  });
  const alertWindowMs = parseAlertWindow(cleaned.ALERT_WINDOW ?? '48h');
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
