import type { Metric } from '../../functions/metrics/types.js';
import type { Article, ArticleRef } from '../../functions/rednet/types.js';

/** A list entry of article `id` under `contentPath` (`https://<site>.rednet.cn/content/<path>/<id>.html`). */
export function articleRef(
  id: string,
  { site, contentPath, listedAt }: { site: string; contentPath: string; listedAt: string },
): ArticleRef {
  return {
    id,
    url: `https://${site}.rednet.cn/content/${contentPath}/${id}.html`,
    site,
    title: `标题${id}`,
    listedAt,
    urlDate: listedAt.slice(0, 10),
  };
}

/** The parsed page of `ref`: a whole, valid article of channel 7417 with body `text`. */
export function articleOf(ref: ArticleRef, text: string): Article {
  return {
    id: ref.id,
    url: ref.url,
    site: ref.site,
    channel: '7417',
    title: ref.title,
    publishedAt: ref.listedAt,
    source: '红网',
    author: null,
    editor: null,
    text,
    paragraphs: [],
    images: [],
    encoding: 'utf-8',
    template: 'pc-detail',
    partial: false,
    warnings: [],
  };
}

/** One extracted figure, `全市共破刑事案件12起。`: what most reports in the tests carry. */
export const CASES_SOLVED: Metric = {
  text: '12起',
  value: 12,
  unit: '起',
  normalized: { value: 12, unit: '起' },
  bound: 'exact',
  subject: '刑事案件',
  action: ['破'],
  change: null,
  period: null,
  sentence: '全市共破刑事案件12起。',
};
