import { TUNABLES } from '../shared/tunables.js';

/**
 * Caps and budgets of one monitor cycle. Each bounds what a hostile or broken site can make a
 * cycle do; defaults are generous for the real site (a 红网 column page lists 20–40 articles).
 * Parsing caps live in rednet/limits.ts, item sizes in store/item-budget.ts.
 */

/**
 * New articles fetched per source and cycle (newest first). The rest stay new and are fetched by
 * the next cycles: the source's list validators are not advanced until all of them are stored.
 */
export const MAX_ARTICLES_PER_SOURCE_PER_CYCLE = 60;

/** Consecutive failed cycles after which an article is quarantined (not fetched again). */
export const QUARANTINE_AFTER_FAILURES = 3;

/** How long a quarantined article is left alone before the cycle tries it once more. */
export const QUARANTINE_BACKOFF_MS = 24 * 60 * 60 * 1000;

/**
 * `SourcesFailing` counts sources whose last successful read is older than this: the default of
 * the `sourceFailingAfterHours` tunable (SOURCE_FAILING_AFTER_HOURS in the Lambda).
 */
export const SOURCE_FAILING_AFTER_MS = TUNABLES.sourceFailingAfterHours.default * 60 * 60 * 1000;

/**
 * How often a source's `lastSuccessAt` is refreshed: often enough for `SourcesFailing`, rare
 * enough that a quiet cycle still writes (almost) nothing.
 */
export const SUCCESS_MARK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Time kept back from the Lambda's remaining time when the handler sets the cycle's deadline: the
 * writes and alert marks in flight at the deadline finish within it, before the function times out.
 */
export const DEADLINE_MARGIN_MS = 20_000;

/** Never more than this share of the remaining time is kept back: a 30 s timeout keeps 20 s of work. */
const DEADLINE_MARGIN_MAX_SHARE = 1 / 3;

/** The time the handler keeps back from `remainingMs` when it sets the cycle's deadline. */
export function deadlineMarginMs(remainingMs: number): number {
  return Math.min(DEADLINE_MARGIN_MS, Math.floor(remainingMs * DEADLINE_MARGIN_MAX_SHARE));
}
