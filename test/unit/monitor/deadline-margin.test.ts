import { describe, expect, it } from 'vitest';
import { DEADLINE_MARGIN_MS, deadlineMarginMs } from '../../../functions/monitor/limits.js';

describe('the time the handler keeps back from the Lambda’s remaining time', () => {
  it('is the full margin for the default 300 s timeout', () => {
    expect(deadlineMarginMs(300_000)).toBe(DEADLINE_MARGIN_MS);
  });

  it('is a third at most, so the shortest allowed timeout (30 s) still leaves 20 s of work', () => {
    expect(deadlineMarginMs(30_000)).toBe(10_000);
    expect(30_000 - deadlineMarginMs(30_000)).toBe(20_000);
  });

  it('never exceeds the remaining time itself', () => {
    for (const remaining of [0, 1, 999, 59_999, 60_000, 900_000]) {
      expect(deadlineMarginMs(remaining)).toBeLessThanOrEqual(remaining);
      expect(deadlineMarginMs(remaining)).toBeGreaterThanOrEqual(0);
    }
  });
});
