import { DEFAULT_SOURCES } from '../functions/monitor/default-sources.js';
import { UsageError } from './errors.js';

export interface SiteLabel {
  /** Host label as stored on each article (`hy` for hy.rednet.cn). */
  label: string;
  name: string;
}

/** Sub-site label of a rednet.cn URL (`https://hy.rednet.cn/…` → `hy`), or null. */
export function siteOfUrl(url: string): string | null {
  try {
    const match = /^([a-z0-9-]+)\.rednet\.cn$/.exec(new URL(url).hostname);
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The sub-sites of the built-in sources, in their order: `hn 湖南`, `cs 长沙`, … */
export const SITE_LABELS: readonly SiteLabel[] = DEFAULT_SOURCES.flatMap((source) => {
  const label = siteOfUrl(source.url);
  return label ? [{ label, name: source.name }] : [];
});

/**
 * `--site`: a label (`hy`) or a built-in source's Chinese name (`衡阳`), giving the label.
 * Other lower-case labels pass (county and themed sub-sites are many); anything else is an error
 * that lists the labels.
 */
export function parseSiteOption(value: string, option = '--site'): string {
  const trimmed = value.trim();
  const byName = SITE_LABELS.find((site) => site.name === trimmed);
  if (byName) return byName.label;
  const lower = trimmed.toLowerCase();
  if (/^[a-z0-9-]+$/.test(lower)) return lower;
  throw new UsageError(
    `${option} expects a sub-site label or name, got '${value}'; labels: ${SITE_LABELS.map((site) => `${site.label} ${site.name}`).join(', ')}`,
  );
}
