import { describe, expect, it } from 'vitest';
import { parseShanghaiTime } from '../../../functions/rednet/time.js';
import { fill, MAX_GROWTH_RATIO, measureGrowth } from '../../support/adversarial.js';

describe('parseShanghaiTime on hostile text', () => {
  it('grows linearly with a whitespace run after the date', () => {
    const growth = measureGrowth(
      (size) => `2021-08-26${' '.repeat(size)}`,
      (text) => parseShanghaiTime(text),
    );
    expect(growth.worst).toBeLessThanOrEqual(MAX_GROWTH_RATIO);
  });

  it('grows linearly with whitespace runs between every part of a date', () => {
    const growth = measureGrowth(
      (size) => fill('2021 - 08 \u3000 - 26\t\t', size),
      (text) => parseShanghaiTime(text, '2021-08-26'),
    );
    expect(growth.worst).toBeLessThanOrEqual(MAX_GROWTH_RATIO);
  });

  it('grows linearly with a run of digits', () => {
    const growth = measureGrowth(
      (size) => fill('1234567890', size),
      (text) => parseShanghaiTime(text, '2021-08-26'),
    );
    expect(growth.worst).toBeLessThanOrEqual(MAX_GROWTH_RATIO);
  });

  it('still reads a time whose parts are separated by runs of mixed whitespace', () => {
    expect(parseShanghaiTime('2021 -\u3000 08  - 26 \n\n 10 :  05 : 12')?.iso).toBe(
      '2021-08-26T10:05:12+08:00',
    );
    expect(parseShanghaiTime('08-26   10:05', '2021-01-01')?.iso).toBe('2021-08-26T10:05:00+08:00');
  });
});
