/**
 * Growth of the site parsers and decoding on hostile input: time(4n)/time(n) from 64 KiB to
 * 1 MiB for each generator of test/support/adversarial.ts (≈4 is linear, 16 quadratic).
 *
 *   npx tsx bench/measure-adversarial.ts
 */
import { fileURLToPath } from 'node:url';
import { ADVERSARIAL_CASES, MAX_GROWTH_RATIO, measureGrowth } from '../test/support/adversarial.js';

export interface AdversarialGrowth {
  name: string;
  description: string;
  /** CPU ms per call at 64 KiB, 256 KiB and 1 MiB. */
  ms: number[];
  /** time(4n)/time(n) for each step. */
  ratios: number[];
  worst: number;
}

export function measureAdversarial(): AdversarialGrowth[] {
  return ADVERSARIAL_CASES.map((testCase) => {
    const growth = measureGrowth(
      (size) => testCase.input(size),
      (input) => testCase.work(input),
    );
    return {
      name: testCase.name,
      description: testCase.description,
      ms: growth.ms.map((ms) => Number(ms.toFixed(3))),
      ratios: growth.ratios.map((ratio) => Number(ratio.toFixed(2))),
      worst: Number(growth.worst.toFixed(2)),
    };
  });
}

/** One table row per generator: its ratios and whether the worst stays within the target. */
export function adversarialRows(
  results: readonly AdversarialGrowth[],
): Array<[string, string, string]> {
  return results.map((result) => [
    `  ${result.name}`,
    result.ratios.map((ratio) => ratio.toFixed(2)).join(' / '),
    `≤ ${MAX_GROWTH_RATIO} ${result.worst <= MAX_GROWTH_RATIO ? 'ok' : 'MISSED'}`,
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, ratios, target] of adversarialRows(measureAdversarial())) {
    console.log(`${name.padEnd(20)} ${ratios.padEnd(16)} ${target}`);
  }
}
