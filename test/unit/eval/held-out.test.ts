import { describe, expect, it } from 'vitest';
import { evaluate, loadHeldOut } from '../../../bench/eval.js';

describe('held-out evaluation sets', () => {
  it('holds the independently annotated articles of every set', () => {
    expect(loadHeldOut('heldout')).toHaveLength(10);
    expect(loadHeldOut('heldout-2')).toHaveLength(6);
    expect(loadHeldOut('heldout-3')).toHaveLength(6);
    expect(loadHeldOut('heldout-4')).toHaveLength(8);
    expect(loadHeldOut('heldout-5')).toHaveLength(8);
  });

  it.each(['heldout', 'heldout-2', 'heldout-3', 'heldout-4', 'heldout-5'] as const)(
    'keeps extraction F1 at or above 0.95 on %s, articles the extractor was not written against',
    (set) => {
      const { overall } = evaluate(loadHeldOut(set));
      expect(overall.f1).toBeGreaterThanOrEqual(0.95);
      expect(overall.change).toBeGreaterThanOrEqual(0.9);
      expect(overall.bound).toBeGreaterThanOrEqual(0.95);
    },
  );
});
