import { describe, expect, it } from 'vitest';
import {
  hasUnsafeText,
  hasUrlUserinfo,
  safeCsvCell,
  safeTerminalText,
  stripUrlUserinfo,
} from '../../../functions/shared/safe-text.js';

describe('safeTerminalText', () => {
  it('makes a terminal escape sequence visible instead of letting it act', () => {
    expect(safeTerminalText('标题\u001b[2J\u001b]0;pwned\u0007')).toBe('标题␛[2J␛]0;pwned␇');
  });

  it('shows bidi overrides, isolates and zero-width characters as code points', () => {
    expect(safeTerminalText('a\u202eb\u2066c\u200bd\ufeffe')).toBe(
      'a<U+202E>b<U+2066>c<U+200B>d<U+FEFF>e',
    );
  });

  it('turns C1 controls such as CSI into visible code points', () => {
    expect(safeTerminalText('x\u009b31my')).toBe('x<U+009B>31my');
  });

  it('strips unsafe characters in strip mode and keeps line breaks only when asked', () => {
    expect(safeTerminalText('a\u001bb\u202ec\nd', { mode: 'strip' })).toBe('abc d');
    expect(safeTerminalText('a\u001bb\nc', { mode: 'strip', keepNewlines: true })).toBe('ab\nc');
    expect(safeTerminalText('a\tb\nc')).toBe('a b c');
  });

  it('leaves ordinary Chinese text, emoji and 4-byte characters unchanged', () => {
    const text = '长沙市GDP增长5.2%，𠀀𪚥😀 “引号”';
    expect(safeTerminalText(text)).toBe(text);
    expect(hasUnsafeText(text)).toBe(false);
    expect(hasUnsafeText(`${text}\u202e`)).toBe(true);
  });
});

describe('safeCsvCell', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x")'])(
    'neutralises a cell beginning with a formula character: %j',
    (cell) => {
      expect(safeCsvCell(cell)).toBe(`'${cell}`);
    },
  );

  it('keeps plain numbers, including negative ones, and ordinary text as they are', () => {
    expect(safeCsvCell('-12.5')).toBe('-12.5');
    expect(safeCsvCell('+3')).toBe('+3');
    expect(safeCsvCell('全市GDP')).toBe('全市GDP');
    expect(safeCsvCell('')).toBe('');
  });
});

describe('stripUrlUserinfo', () => {
  it('removes user and password before the host and nothing else', () => {
    expect(stripUrlUserinfo('https://user:pa%40ss@hn.rednet.cn/channel/7417.html?x=1#y')).toBe(
      'https://hn.rednet.cn/channel/7417.html?x=1#y',
    );
    expect(hasUrlUserinfo('https://user:pass@hn.rednet.cn/')).toBe(true);
  });

  it('takes the last @ of the authority, as URL parsers do', () => {
    expect(stripUrlUserinfo('http://a@b@127.0.0.1:8080/list')).toBe('http://127.0.0.1:8080/list');
  });

  it('leaves an @ in the path or query, and URLs without userinfo, untouched', () => {
    const url = 'https://hn.rednet.cn/content/a@b.html?mail=x@y';
    expect(stripUrlUserinfo(url)).toBe(url);
    expect(hasUrlUserinfo(url)).toBe(false);
    expect(stripUrlUserinfo('not a url @ all')).toBe('not a url @ all');
  });
});
