import { describe, expect, it } from 'vitest';
import { evaluate, loadHeldOut } from '../../../bench/eval.js';

describe('held-out (blind) evaluation set', () => {
  const articles = loadHeldOut();

  it('holds ten independently annotated articles', () => {
    expect(articles).toHaveLength(10);
    expect(articles.every((article) => article.gold.length > 0)).toBe(true);
  });

  it('keeps extraction F1 at or above 0.95 on articles the extractor was not written against', () => {
    const { overall } = evaluate(articles);
    expect(overall.f1).toBeGreaterThanOrEqual(0.95);
    expect(overall.change).toBeGreaterThanOrEqual(0.9);
    expect(overall.bound).toBeGreaterThanOrEqual(0.95);
  });
});
