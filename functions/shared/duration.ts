/**
 * The one duration grammar of newsmon, shared by the Lambda's ALERT_WINDOW, the CDK context
 * and every CLI option that takes a duration (`--watch`, `--alert-window`, `--since 7d`, the
 * configuration file). Pure: no I/O, no errors thrown; callers word their own messages.
 *
 * A duration is a positive number and one unit, optionally separated by spaces, case-insensitive:
 * `500ms`, `30s`, `15m`, `1.5h`, `48h`, `7d`, `2w`.
 */

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i;

/** Examples for messages: "expects a duration like 30s, 15m, 48h or 7d". */
export const DURATION_EXAMPLES = '30s, 15m, 48h or 7d';

/** Milliseconds of a duration, or null when the text is not one (or is zero). */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text.trim());
  if (!match?.[1] || !match[2]) return null;
  const ms = Number(match[1]) * UNIT_MS[match[2].toLowerCase() as Unit];
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : null;
}

/** Whether the text has the shape of a duration (a number and a unit), zero included. */
export function looksLikeDuration(text: string): boolean {
  return DURATION.test(text.trim());
}

/**
 * The alert window when none is configured: a first run does not alert a whole back catalogue,
 * and a cycle that could not run for a day still alerts what it missed.
 */
export const DEFAULT_ALERT_WINDOW = '48h';

/**
 * The alert window: a duration, or `all` (alert every article of a newly seen source).
 * Null for anything else.
 */
export function parseAlertWindow(text: string): number | 'all' | null {
  if (text.trim().toLowerCase() === 'all') return 'all';
  return parseDuration(text);
}

/** A short human form of a duration in ms (`350ms`, `1.2s`, `15m`, `48h`, `168h`). */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, '')}h`;
}
