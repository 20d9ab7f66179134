import { DEFAULT_SOURCES } from '../functions/monitor/default-sources.js';
import type { SourceConfig } from '../functions/monitor/ports.js';
import { DEFAULT_ALERT_WINDOW } from '../functions/shared/duration.js';
import { parseCount, parseHttpUrl } from './args.js';
import { FETCH_TUNABLES, type FetchSettings, type LoadedConfig } from './config-file.js';
import { parseAlertWindowOption } from './duration.js';

// What a cycle reads from flags, the configuration file and the environment. Kept apart from
// monitor-setup.ts (the fetcher, SNS and notification adapters) so commands that only read
// settings (init, sources list, doctor, serve) start without loading the adapters.

/** `--source URL` (repeatable), else the configuration file's `sources`, else the built-in 红网 channels. */
export function resolveSources(
  urls: readonly string[] | undefined,
  config: LoadedConfig,
): SourceConfig[] {
  if (!urls || urls.length === 0) {
    const configured = config.file.sources;
    if (configured && configured.length > 0) {
      return configured.map(({ url, name }) => ({ url, name }));
    }
    return [...DEFAULT_SOURCES];
  }
  const seen = new Set<string>();
  const sources: SourceConfig[] = [];
  for (const raw of urls) {
    const url = parseHttpUrl(raw, '--source');
    if (seen.has(url)) continue;
    seen.add(url);
    const parsed = new URL(url);
    sources.push({ url, name: `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}` });
  }
  return sources;
}

/** Built-in politeness and cycle settings: the Lambda's defaults, from the tunables table. */
export const FETCH_DEFAULTS: Required<FetchSettings> = {
  minIntervalMs: FETCH_TUNABLES.minIntervalMs.default,
  maxConcurrencyPerHost: FETCH_TUNABLES.maxConcurrencyPerHost.default,
  articleConcurrency: FETCH_TUNABLES.articleConcurrency.default,
  maxPagesPerSource: FETCH_TUNABLES.maxPagesPerSource.default,
};

/**
 * Fetch tuning, in the Lambda's vocabulary so one set of names works everywhere: the
 * environment variable (FETCH_MIN_INTERVAL_MS, …) wins over the configuration file's `fetch`,
 * which wins over the built-in default. Keep the defaults against rednet.cn; tests against a
 * local server set the interval to 0.
 */
export function fetchTuning(env: NodeJS.ProcessEnv, config: LoadedConfig): Required<FetchSettings> {
  const tuning = { ...FETCH_DEFAULTS };
  for (const key of Object.keys(FETCH_DEFAULTS) as Array<keyof FetchSettings>) {
    const { env: name, min, max } = FETCH_TUNABLES[key];
    const fallback = config.file.fetch?.[key] ?? FETCH_DEFAULTS[key];
    tuning[key] = parseCount(env[name], name, fallback, { min, max });
  }
  return tuning;
}

/** `--alert-window`, else the configuration file's `alertWindow`, else the default (48h). */
export function resolveAlertWindow(flag: string | undefined, config: LoadedConfig): number | 'all' {
  if (flag !== undefined) return parseAlertWindowOption(flag);
  if (config.file.alertWindow)
    return parseAlertWindowOption(config.file.alertWindow, 'alertWindow');
  return parseAlertWindowOption(DEFAULT_ALERT_WINDOW);
}
