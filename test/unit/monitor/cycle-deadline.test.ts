import { describe, expect, it } from 'vitest';
import { cycleDeadline } from '../../../functions/monitor/cycle-deadline.js';

const remaining = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

describe('cycleDeadline', () => {
  it('keeps 30 seconds of a 5-minute invocation for the writes after the deadline', () => {
    expect(cycleDeadline(remaining(300_000), 1_000)).toBe(1_000 + 270_000);
  });

  it('keeps a fifth of a short invocation, so a 30-second function still works 24 seconds', () => {
    expect(cycleDeadline(remaining(30_000), 0)).toBe(24_000);
  });
});
