import { describe, expect, it } from 'vitest';
import { GLOBAL_INDEXES } from '../../functions/store/table-design.js';

describe('table design', () => {
  it('gives every global index a distinct partition key attribute', () => {
    const keys = GLOBAL_INDEXES.map((index) => index.partitionKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
