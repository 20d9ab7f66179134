import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../bench/eval.js';

describe('Function: evaluate (npm run eval) names the rule behind each wrong answer', () => {
  it('prints the subject rule next to a wrong subject and the change rule next to a wrong change', () => {
    const body = '全县审批时限压缩45%，群众办结率达到98%。';
    const gold = [
      {
        text: '45%',
        normalized: { value: 45, unit: '%' },
        subject: '审批时限',
        change: { direction: 'down' as const, basis: null },
      },
      {
        text: '98%',
        normalized: { value: 98, unit: '%' },
        subject: '满意度',
        change: { direction: 'up' as const, basis: null },
      },
    ];
    const { wrong } = evaluate([{ name: 'made-up', body, gold }]);
    expect(wrong).toEqual([
      'made-up: subject of 98% is 群众办结率, gold 满意度 [rule before-verb]',
      'made-up: change of 98% is null, gold up [rule no-cue]',
    ]);
  });
});
