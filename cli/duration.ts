import { UsageError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** Parses `500ms`, `30s`, `15m`, `48h`, `7d`, `2w`; throws a UsageError naming the option otherwise. */
export function parseDuration(value: string, option: string): number {
  const match = value.trim().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/i);
  const unit = match?.[2]?.toLowerCase();
  const factor = unit ? UNIT_MS[unit] : undefined;
  if (!match?.[1] || factor === undefined) {
    throw new UsageError(`${option} expects a duration like 30s, 15m, 48h or 7d, got '${value}'`);
  }
  const ms = Number(match[1]) * factor;
  if (!(ms > 0)) throw new UsageError(`${option} must be greater than zero, got '${value}'`);
  return ms;
}

/** A short human form of a duration in ms (`1.2s`, `350ms`, `15m`). */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  return `${(ms / 3_600_000).toFixed(1).replace(/\.0$/, '')}h`;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

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
  } else if (/^\d+(?:\.\d+)?\s*(ms|s|m|h|d|w)$/i.test(trimmed)) {
    ms = now.getTime() - parseDuration(trimmed, '--since');
  } else {
    ms = Number.NaN;
  }
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--since expects a date (2024-08-20), an ISO time or a duration (7d), got '${value}'`,
    );
  }
  return toShanghaiIso(new Date(ms));
}

/** ISO 8601 in Asia/Shanghai with an explicit `+08:00` offset (no DST there). */
export function toShanghaiIso(date: Date): string {
  return `${new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
