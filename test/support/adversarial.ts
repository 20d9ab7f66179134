/**
 * Hostile inputs of a chosen size and a growth measure for them, shared by the adversarial unit
 * tests and `npm run bench`. Linear work shows a ratio time(4n)/time(n) near 4; quadratic work
 * near 16. Times are CPU time of this process (less disturbed by other processes on a shared
 * machine than wall time), each the fastest of a few runs of a loop lasting at least `minMs`.
 */
import { decodeHtml } from '../../functions/http/decode.js';
import { parseArticlePage } from '../../functions/rednet/article-page.js';
import { parseArticleUrl } from '../../functions/rednet/article-url.js';
import { parseListPage } from '../../functions/rednet/list-page.js';
import { parseShanghaiTime } from '../../functions/rednet/time.js';

const KIB = 1024;

/** Sizes from 64 KiB to 1 MiB, each 4× the one before. */
const GROWTH_SIZES: readonly number[] = [64 * KIB, 256 * KIB, 1024 * KIB];

/** What a growth test accepts: linear (≈4) with room for noise, far from quadratic (16). */
export const MAX_GROWTH_RATIO = 6;

export interface Growth {
  sizes: number[];
  /** CPU milliseconds per call, by size. */
  ms: number[];
  /** ms[i+1] / ms[i]. */
  ratios: number[];
  /** The largest ratio. */
  worst: number;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** CPU ms per call of `run`, the fastest of `repeats` loops each lasting at least `minMs`. */
function timePerCall(run: () => unknown, repeats: number, minMs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    let calls = 0;
    const start = cpuMs();
    let elapsed = 0;
    do {
      run();
      calls++;
      elapsed = cpuMs() - start;
    } while (elapsed < minMs);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/**
 * Times `work(input(size))` at each size (input built once, outside the timing). When a ratio
 * is over `MAX_GROWTH_RATIO` the two sizes are measured again (a busy neighbour, a GC pause)
 * and the faster figures kept, up to `retries` times.
 */
export function measureGrowth<T>(
  input: (size: number) => T,
  work: (value: T) => unknown,
  options: { sizes?: readonly number[]; repeats?: number; minMs?: number; retries?: number } = {},
): Growth {
  const sizes = [...(options.sizes ?? GROWTH_SIZES)];
  const repeats = options.repeats ?? 3;
  const minMs = options.minMs ?? 30;
  const inputs = sizes.map(input);
  const measure = (i: number) => timePerCall(() => work(inputs[i] as T), repeats, minMs);
  const ms = sizes.map((_, i) => measure(i));
  const ratioAt = (i: number) => (ms[i + 1] as number) / Math.max(ms[i] as number, 1e-3);
  for (let attempt = 0; attempt < (options.retries ?? 3); attempt++) {
    const bad = sizes.slice(1).findIndex((_, i) => ratioAt(i) > MAX_GROWTH_RATIO);
    if (bad === -1) break;
    ms[bad] = Math.min(ms[bad] as number, measure(bad));
    ms[bad + 1] = Math.min(ms[bad + 1] as number, measure(bad + 1));
  }
  const ratios = sizes.slice(1).map((_, i) => ratioAt(i));
  return { sizes, ms, ratios, worst: Math.max(...ratios) };
}

/** `text` repeated up to about `size` UTF-16 units. */
export function fill(text: string, size: number): string {
  return text.repeat(Math.max(1, Math.ceil(size / text.length))).slice(0, size);
}

const ARTICLE_URL = 'https://hn.rednet.cn/content/2021/08/26/9850796.html';
export const ADVERSARIAL_ARTICLE_URL = ARTICLE_URL;
export const ADVERSARIAL_LIST_URL = 'https://hn.rednet.cn/channel/7417.html';

/** An article page whose body is `body` (already markup), with a normal head and meta line. */
export function articlePage(body: string, time = '2021-08-26 10:05:12'): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>标题_湖南频道_红网</title></head><body>
<h1 class="detail_title">衡阳公安一年来成效显著</h1>
<div class="m_b_25"><span class="p_l_10">来源：红网</span><span class="p_l_25">${time}</span></div>
<article class="f18 detail-article m_b_30"><section class="f_right detail_article_content">
<p>红网时刻衡阳8月26日讯（记者 宋美君）全市刑事案件同比下降13.1%。</p>
${body}
</section></article></body></html>`;
}

/** The generators of issue 11, each giving a page (or text) of about `size` characters. */
export const generators = {
  /** A publication date and time with a whitespace run between them, in the meta-line span. */
  whitespaceTime: (size: number) =>
    articlePage('<p>正文。</p>', `2021-08-26${' '.repeat(size)}10:05:12`),
  /** `<div>` nested `size / 5` deep inside the body. */
  deepNesting: (size: number) =>
    articlePage(`${'<div>'.repeat(Math.floor(size / 5))}<p>深处的一段正文。</p>`),
  /** A list page with one article link per ~90 characters. */
  longList: (size: number) => {
    const items: string[] = [];
    for (let i = 0, used = 0; used < size; i++) {
      const item = `<li><a href="/content/2021/08/26/${10_000_000 + i}.html"><span class="f_left">新闻${i}</span></a></li>`;
      items.push(item);
      used += item.length;
    }
    return `<html><body><div id="div_newsList"><ul class="news_list">${items.join('')}</ul></div></body></html>`;
  },
  /** One body paragraph without any punctuation. */
  longLine: (size: number) => articlePage(`<p>${fill('衡阳市公安局民警走访群众', size)}</p>`),
  /** Digit runs: in link content ids on a list page and as body text. */
  digitRunLinks: (size: number) =>
    `<html><body><div id="div_newsList"><ul class="news_list"><li><a href="/content/2021/08/26/${fill('1234567890', size)}.html">长</a></li><li><a href="/content/2021/08/26/9850796.html">短</a></li></ul></div></body></html>`,
  digitRunText: (size: number) => articlePage(`<p>${fill('1234567890', size)}</p>`),
} as const;

export interface AdversarialCase<T = unknown> {
  /** Key in bench results and test names. */
  name: string;
  /** What grows. */
  description: string;
  input(size: number): T;
  work(input: T): unknown;
}

/** Keeps each case's own input type while the list holds them all. */
function adversarialCase<T>(c: AdversarialCase<T>): AdversarialCase {
  return c as AdversarialCase;
}

const parseArticle = (html: string): unknown => parseArticlePage(html, ARTICLE_URL);
const parseList = (html: string): unknown => parseListPage(html, ADVERSARIAL_LIST_URL);

/** Every hostile input of issue 11 that reaches the site parsers, with the parser it reaches. */
export const ADVERSARIAL_CASES: readonly AdversarialCase[] = [
  adversarialCase({
    name: 'whitespaceTime',
    description: 'article page, whitespace run inside the publication time',
    input: generators.whitespaceTime,
    work: parseArticle,
  }),
  adversarialCase({
    name: 'timeText',
    description: 'time text alone, a date followed by a whitespace run',
    input: (size) => `2021-08-26${' '.repeat(size)}`,
    work: (text) => parseShanghaiTime(text),
  }),
  adversarialCase({
    name: 'deepNesting',
    description: 'article page, nested <div>s',
    input: generators.deepNesting,
    work: parseArticle,
  }),
  adversarialCase({
    name: 'longList',
    description: 'list page, many article links',
    input: generators.longList,
    work: parseList,
  }),
  adversarialCase({
    name: 'longLine',
    description: 'article page, one paragraph without punctuation',
    input: generators.longLine,
    work: parseArticle,
  }),
  adversarialCase({
    name: 'digitRunLinks',
    description: 'list page, a link whose content number is a digit run',
    input: generators.digitRunLinks,
    work: parseList,
  }),
  adversarialCase({
    name: 'digitRunUrl',
    description: 'article URL, a digit run as content number',
    input: (size) => `https://hn.rednet.cn/content/2021/08/26/${fill('1234567890', size)}.html`,
    work: (url) => parseArticleUrl(url),
  }),
  adversarialCase({
    name: 'digitRunText',
    description: 'article page, a digit run as body text',
    input: generators.digitRunText,
    work: parseArticle,
  }),
  adversarialCase({
    name: 'invalidUtf8',
    description: 'decoding, a page declared UTF-8 with an invalid byte every 64',
    input: (size) => {
      const bytes = Buffer.from(articlePage(`<p>${fill('衡阳市公安局', size)}</p>`));
      for (let i = 500; i < bytes.length; i += 64) bytes[i] = 0xff;
      return new Uint8Array(bytes);
    },
    work: (bytes) => decodeHtml(bytes, 'text/html; charset=utf-8'),
  }),
];
