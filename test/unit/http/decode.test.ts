import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../../../functions/http/decode.js';

const read = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url));
const seed = read('dev/seed-article.html');
const gbkPage = read('http/gbk-page.html');

/** `bytes` with `insert` spliced in at `at`. */
function splice(bytes: Uint8Array, at: number, insert: number[]): Uint8Array {
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(insert), bytes.subarray(at)]);
}

/** A byte offset in the middle of the page that starts a character (not inside a UTF-8 sequence). */
function charBoundaryNear(bytes: Uint8Array, at: number): number {
  let i = at;
  while ((bytes[i] ?? 0) >= 0x80 && ((bytes[i] ?? 0) & 0xc0) === 0x80) i++;
  return i;
}

describe('decodeHtml', () => {
  it('keeps a UTF-8 page with one stray byte as UTF-8, the byte as U+FFFD, with a warning', () => {
    const at = charBoundaryNear(seed, Math.floor(seed.length / 2));
    const decoded = decodeHtml(splice(seed, at, [0xff]), 'text/html; charset=utf-8');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text.split('\ufffd')).toHaveLength(2);
    expect(decoded.text).toContain('衡阳');
    expect(decoded.warnings).toEqual([
      'page declared UTF-8 has 1 invalid byte sequences, replaced by U+FFFD',
    ]);
  });

  it('keeps an undeclared UTF-8 page with a few invalid sequences as UTF-8', () => {
    let bytes: Uint8Array = seed;
    for (const fraction of [0.3, 0.5, 0.7]) {
      bytes = splice(bytes, charBoundaryNear(bytes, Math.floor(bytes.length * fraction)), [0xc3]);
    }
    const decoded = decodeHtml(bytes, 'text/html');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.warnings[0]).toMatch(/3 invalid byte sequences/);
  });

  it('keeps a UTF-8 page cut in the middle of its last character as UTF-8', () => {
    const cut = Buffer.concat([Buffer.from('<p>衡阳市'), Buffer.from('市').subarray(0, 2)]);
    const decoded = decodeHtml(cut, 'text/html; charset=utf-8');
    expect(decoded.encoding).toBe('utf-8');
    expect(decoded.text).toBe('<p>衡阳市\ufffd');
  });

  it('decodes undeclared GBK bytes as GB18030', () => {
    const decoded = decodeHtml(gbkPage, 'text/html');
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('衡阳市2025年国民经济和社会发展统计公报');
    expect(decoded.warnings).toEqual([]);
  });

  it('decodes GBK bytes served as UTF-8 as GB18030: the declaration is clearly wrong', () => {
    const decoded = decodeHtml(gbkPage, 'text/html; charset=utf-8');
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toContain('全市地区生产总值4412.5亿元');
  });

  it('honours a declared GBK charset', () => {
    const decoded = decodeHtml(read('pages/legacy-c-gbk.html'));
    expect(decoded.encoding).toBe('gbk');
    expect(decoded.encodingSource).toBe('meta');
    expect(decoded.text).toContain('益阳市一季度规模工业增加值增长8.7%');
  });

  it('gives valid UTF-8 with a literal U+FFFD no warning', () => {
    const decoded = decodeHtml(Buffer.from('<p>a\ufffdb</p>'), 'text/html; charset=utf-8');
    expect(decoded).toMatchObject({ encoding: 'utf-8', text: '<p>a\ufffdb</p>', warnings: [] });
  });
});
