import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_CASES, MAX_GROWTH_RATIO, measureGrowth } from '../../support/adversarial.js';

describe('site parsing and decoding grow linearly on hostile input (64 KiB to 1 MiB)', () => {
  it.each(ADVERSARIAL_CASES.map((c) => [c.description, c] as const))('%s', (_name, testCase) => {
    const growth = measureGrowth(
      (size) => testCase.input(size),
      (input) => testCase.work(input),
    );
    expect(
      growth.worst,
      `ratios ${growth.ratios.map((r) => r.toFixed(2)).join(', ')}`,
    ).toBeLessThanOrEqual(MAX_GROWTH_RATIO);
  });
});
