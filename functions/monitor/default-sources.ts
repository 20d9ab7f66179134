import type { SourceConfig } from './ports.js';

/**
 * The built-in watch list: the home page of each of the 14 prefecture sub-sites of 红网 plus one
 * province column. Users override it with `SOURCES_JSON` (Lambda env) or the CDK `sources`
 * context, e.g. to point at specific `/channel/<id>.html` columns.
 *
 * What is known (shared rednet-site.md §1, never checked against the live site):
 * - confirmed hosts (articles or URLs seen): cs 长沙, zz 株洲, hy 衡阳, sy 邵阳, cd 常德,
 *   yiyang 益阳, yz 永州, xx 湘西, and hn (province news, column 7399 seen in a public crawler);
 * - inferred hosts (same two-letter style, no source found): xt 湘潭, yy 岳阳, zjj 张家界,
 *   cz 郴州, hh 怀化, ld 娄底.
 * The sub-sites' news column ids are not known, so their home pages are listed: the site module
 * reads a page no list template matches through its any-article-link fallback (`template: 'links'`),
 * and a page without a single article link shows up as status `layout-changed` in the summary.
 */
export const DEFAULT_SOURCES: readonly SourceConfig[] = Object.freeze([
  { url: 'https://hn.rednet.cn/channel/7399.html', name: '湖南' },
  { url: 'https://cs.rednet.cn/', name: '长沙' },
  { url: 'https://zz.rednet.cn/', name: '株洲' },
  { url: 'https://xt.rednet.cn/', name: '湘潭' },
  { url: 'https://hy.rednet.cn/', name: '衡阳' },
  { url: 'https://sy.rednet.cn/', name: '邵阳' },
  { url: 'https://yy.rednet.cn/', name: '岳阳' },
  { url: 'https://cd.rednet.cn/', name: '常德' },
  { url: 'https://zjj.rednet.cn/', name: '张家界' },
  { url: 'https://yiyang.rednet.cn/', name: '益阳' },
  { url: 'https://cz.rednet.cn/', name: '郴州' },
  { url: 'https://yz.rednet.cn/', name: '永州' },
  { url: 'https://hh.rednet.cn/', name: '怀化' },
  { url: 'https://ld.rednet.cn/', name: '娄底' },
  { url: 'https://xx.rednet.cn/', name: '湘西' },
]);
