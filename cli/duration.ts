import {
  DURATION_EXAMPLES,
  looksLikeDuration,
  parseAlertWindow,
  parseDuration as parseDurationMs,
} from '../functions/shared/duration.js';
import { shanghaiMinute, toShanghaiIso } from '../functions/shared/shanghai-time.js';
import { UsageError } from './errors.js';

/** A duration option (`--watch 15m`) in ms; a UsageError naming the option otherwise. */
export function parseDuration(value: string, option: string): number {
  const ms = parseDurationMs(value);
  if (ms !== null) return ms;
  if (looksLikeDuration(value)) {
    throw new UsageError(`${option} must be greater than zero, got '${value}'`);
  }
  throw new UsageError(`${option} expects a duration like ${DURATION_EXAMPLES}, got '${value}'`);
}

/** `--alert-window`: a duration or `all`; a UsageError naming where the value came from otherwise. */
export function parseAlertWindowOption(value: string, option = '--alert-window'): number | 'all' {
  const window = parseAlertWindow(value);
  if (window === null) {
    throw new UsageError(
      `${option} expects a duration such as 6h, 48h, 7d or 'all', got '${value}'`,
    );
  }
  return window;
}

/**
 * `--since`: `YYYY-MM-DD` (midnight in Asia/Shanghai, the site's time zone), a full ISO 8601 time,
 * or a duration meaning "that long ago" (`7d`). Returns ISO 8601 with `+08:00`, the form the
 * store's time keys use, so string comparison orders correctly.
 */
export function parseSince(value: string, now: Date): string {
  const trimmed = value.trim();
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    ms = Date.parse(`${trimmed}T00:00:00+08:00`);
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed)) {
    // A time without an offset is read as Shanghai time, like everything on the site.
    ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? trimmed : `${trimmed}+08:00`);
  } else {
    const ago = parseDurationMs(trimmed);
    ms = ago === null ? Number.NaN : now.getTime() - ago;
  }
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--since expects a date (2024-08-20), an ISO time or a duration (7d), got '${value}'`,
    );
  }
  return toShanghaiIso(new Date(ms));
}

/**
 * `2021-08-26 10:05 +08:00`: a stored time as a reader in any time zone should see it, in the
 * site's own zone with the offset shown. Times stored in UTC (`…Z`, discoveredAt) are converted.
 */
export function shanghaiTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const minute = shanghaiMinute(iso);
  return minute === null ? iso : `${minute} +08:00`;
}
