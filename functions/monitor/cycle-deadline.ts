import type { Context } from 'aws-lambda';

/**
 * Time kept back from the Lambda timeout for what follows the deadline: in-flight writes, source
 * state, alerts and the metrics flush. A fifth of the budget, at most 30 seconds.
 */
export const DEADLINE_MARGIN_MAX_MS = 30_000;

/** When a cycle stops starting new work: the invocation's remaining time minus the margin. */
export function cycleDeadline(
  context: Pick<Context, 'getRemainingTimeInMillis'>,
  now: number,
): number {
  const remaining = context.getRemainingTimeInMillis();
  return now + remaining - Math.min(DEADLINE_MARGIN_MAX_MS, remaining / 5);
}
