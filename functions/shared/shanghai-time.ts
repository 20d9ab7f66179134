/**
 * Times as 红网's readers see them: Asia/Shanghai, which has had no daylight saving time since
 * 1991, so a fixed +08:00 offset is exact and needs no time-zone database.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `2021-08-26T10:05:12+08:00`: an instant in Asia/Shanghai with its explicit offset. */
export function toShanghaiIso(date: Date): string {
  return `${new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** `2021-08-26 10:05` in Asia/Shanghai for an ISO time with any offset; null when it does not parse. */
export function shanghaiMinute(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const local = toShanghaiIso(new Date(ms));
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
