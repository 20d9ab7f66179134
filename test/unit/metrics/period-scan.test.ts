import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PERIOD_RE } from '../../../functions/metrics/lexicon/periods.js';
import { periodMatches } from '../../../functions/metrics/period-scan.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

function viaMatchAll(text: string): { index: number; text: string }[] {
  return [...text.matchAll(PERIOD_RE)]
    .filter((m) => m[0].length > 0)
    .map((m) => ({ index: m.index, text: m[0] }));
}

function fixtureBodies(): string[] {
  const bodies = [readFileSync(`${fixtures}dev/seed-article.body.txt`, 'utf8')];
  for (const dir of ['metrics', 'heldout']) {
    for (const f of readdirSync(`${fixtures}${dir}`)) {
      if (f.endsWith('.body.txt')) bodies.push(readFileSync(`${fixtures}${dir}/${f}`, 'utf8'));
    }
  }
  return bodies;
}

/** Deterministic strings over the characters period phrases are made of, plus filler. */
function randomTexts(count: number): string[] {
  const alphabet = [
    ...'0123456789年月日至到-~今去上下半季度前个近多几来以截止目底末自从连续期间时“”在，。；\n',
    ...'全当本明昨天晚凌晨午一二三四十〇零两春节假疫情这段期间',
    // Whole words of each alternative, so that every one of them is matched many times.
    ...['期间', '以来', '为止', '时期', '截至', '截止到', '连续', '季度', '月份', '上半年', '年度'],
    ...['2021', '2021年', '8月', '3日', '今年', '去年', '年内', '当天', '目前', '日前', '在'],
  ];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  return Array.from({ length: count }, () => {
    let s = '';
    const len = 5 + (next() % 60);
    for (let k = 0; k < len; k++) s += alphabet[next() % alphabet.length];
    return s;
  });
}

describe('Function: periodMatches', () => {
  it('finds what matchAll(PERIOD_RE) finds on every fixture body', () => {
    for (const body of fixtureBodies()) {
      for (const paragraph of body.split('\n')) {
        expect(periodMatches(paragraph)).toEqual(viaMatchAll(paragraph));
      }
    }
  });

  it('finds what matchAll(PERIOD_RE) finds on generated period-like text', () => {
    for (const text of randomTexts(20000)) expect(periodMatches(text)).toEqual(viaMatchAll(text));
  });

  it('reads periods written with 期间 after up to four ideographs', () => {
    expect(periodMatches('国庆假期期间，接待游客').map((m) => m.text)).toEqual(['国庆假期期间']);
    expect(periodMatches('“十三五”期间').map((m) => m.text)).toEqual(['“十三五”期间']);
  });
});
