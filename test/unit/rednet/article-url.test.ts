import { describe, expect, it } from 'vitest';
import {
  decodeDateDigits,
  encodeDateDigits,
  isRednetHost,
  parseArticleUrl,
  rednetSiteLabel,
} from '../../../functions/rednet/article-url.js';

describe('parseArticleUrl: encoded-date era (rednet-site.md §2.1 test vectors)', () => {
  const vectors: Array<[string, string]> = [
    ['https://xx.rednet.cn/content/646748/50/12566375.html', '2023-04-16'],
    ['https://news.rednet.cn/content/646754/67/13190070.html', '2023-10-23'],
    ['https://hn.rednet.cn/content/646840/67/14024310.html', '2024-06-23'],
    ['https://zz.rednet.cn/m/content/646842/64/14195148.html', '2024-08-20'],
    ['https://moment.rednet.cn/pc/content/646945/67/14655262.html', '2025-01-23'],
    ['https://yiyang.rednet.cn/content/646956/66/15560393.html', '2025-12-22'],
    ['https://yz.rednet.cn/content/646040/52/16015305.html', '2026-06-18'],
    ['https://tour.rednet.cn/m/content/646042/75/16221781.html', '2026-08-31'],
  ];
  for (const [url, date] of vectors) {
    it(`decodes ${new URL(url).pathname} to ${date}`, () => {
      const info = parseArticleUrl(url);
      expect(info?.urlDate).toBe(date);
      expect(info?.era).toBe('encoded');
      expect(info?.id).toBe(/(\d+)\.html$/.exec(url)?.[1]);
      expect(info?.urlDateInvalid).toBe(false);
    });
  }

  it('still recognises the "day 49" outlier, with a null date flagged invalid', () => {
    const info = parseArticleUrl('https://edu.rednet.cn/content/646847/83/13587048.html');
    expect(info).not.toBeNull();
    expect(info?.id).toBe('13587048');
    expect(info?.urlDate).toBeNull();
    expect(info?.urlDateInvalid).toBe(true);
    expect(info?.rawUrlDate).toBe('2024-03-49');
  });

  it('gives the mobile and 时刻 PC variants the same id as the PC page', () => {
    const pc = parseArticleUrl('https://zz.rednet.cn/content/646842/64/14195148.html');
    const m = parseArticleUrl('https://zz.rednet.cn/m/content/646842/64/14195148.html');
    const moment = parseArticleUrl('https://moment.rednet.cn/pc/content/646842/64/14195148.html');
    expect([pc?.variant, m?.variant, moment?.variant]).toEqual(['default', 'm', 'pc']);
    expect(new Set([pc?.id, m?.id, moment?.id])).toEqual(new Set(['14195148']));
  });

  it('round-trips date digits through encode and decode', () => {
    expect(encodeDateDigits('202408')).toBe('646842');
    expect(decodeDateDigits('646842')).toBe('202408');
    expect(decodeDateDigits(encodeDateDigits('20260831'))).toBe('20260831');
  });
});

describe('parseArticleUrl: other eras', () => {
  it('reads the plain-date era with the bare content number as id', () => {
    expect(parseArticleUrl('https://hn.rednet.cn/content/2021/08/26/9850796.html')).toEqual({
      id: '9850796',
      contentNumber: '9850796',
      site: 'hn',
      host: 'hn.rednet.cn',
      urlDate: '2021-08-26',
      rawUrlDate: '2021-08-26',
      urlDateInvalid: false,
      era: 'plain',
      variant: 'default',
      momentChannel: null,
    });
  });

  it('reads a 2019 mobile plain-date URL', () => {
    const info = parseArticleUrl('https://hy.rednet.cn/m/content/2020/07/15/7673638.html');
    expect(info).toMatchObject({
      id: '7673638',
      variant: 'm',
      era: 'plain',
      urlDate: '2020-07-15',
    });
  });

  it('prefixes 2018 city-site ids with the site and folder', () => {
    const info = parseArticleUrl('https://cs.rednet.cn/content/4/2018/0221/2703.html');
    expect(info).toMatchObject({
      id: 'cs-4-2703',
      era: 'city-2018',
      urlDate: '2018-02-21',
      site: 'cs',
    });
  });

  it('prefixes 2018 per-site plain-path ids (small numbers) with the site', () => {
    const info = parseArticleUrl('https://xx.rednet.cn/content/2018/08/06/316918.html');
    expect(info).toMatchObject({ id: 'xx-316918', era: 'site-2018', urlDate: '2018-08-06' });
  });

  it('prefixes legacy /c/ ids with c-', () => {
    const info = parseArticleUrl('https://hn.rednet.cn/c/2017/08/16/912962.htm');
    expect(info).toMatchObject({ id: 'c-912962', era: 'legacy-c', urlDate: '2017-08-16' });
  });

  it('prefixes 2015 红网时刻 ids with moment-, with or without a channel folder', () => {
    const local = parseArticleUrl(
      'http://moment.rednet.cn/rednetcms/news/localNews/20150625/164305.html',
    );
    expect(local).toMatchObject({
      id: 'moment-164305',
      era: 'moment-2015',
      urlDate: '2015-06-25',
      momentChannel: 'localNews',
    });
    const bare = parseArticleUrl('http://moment.rednet.cn/rednetcms/news/20171018/1019979.html');
    expect(bare).toMatchObject({
      id: 'moment-1019979',
      urlDate: '2017-10-18',
      momentChannel: null,
    });
  });

  it('recognises article paths on any host, with site null off rednet', () => {
    const local = parseArticleUrl('http://127.0.0.1:8123/content/2021/08/26/9850796.html');
    expect(local).toMatchObject({ id: '9850796', site: null, host: '127.0.0.1:8123' });
    const mirror = parseArticleUrl(
      'https://mirror.example.org/c/2016/08/18/1018210.htm?from=rss#top',
    );
    expect(mirror).toMatchObject({ id: 'c-1018210', site: null });
  });

  it('resolves a relative URL against a base', () => {
    const info = parseArticleUrl(
      '/content/646842/64/14195148.html',
      'https://hn.rednet.cn/channel/7417.html',
    );
    expect(info).toMatchObject({ id: '14195148', site: 'hn' });
  });

  it('rejects list pages, images, other sites and junk', () => {
    for (const url of [
      'https://hn.rednet.cn/channel/7417.html',
      'https://hn.rednet.cn/channel/7417_2.html',
      'https://img.rednet.cn/2024/08-20/abc.jpg',
      'http://www.xinhuanet.com/politics/2021-08/25/c_1127794213.htm',
      'https://hn.rednet.cn/content/2021/08/26/abc.html',
      'not a url',
      'ftp://hn.rednet.cn/content/2021/08/26/9850796.html',
    ]) {
      expect(parseArticleUrl(url), url).toBeNull();
    }
  });

  it('flags an impossible plain date but keeps the article', () => {
    const info = parseArticleUrl('https://hn.rednet.cn/content/2021/02/30/9012345.html');
    expect(info).toMatchObject({ id: '9012345', urlDate: null, urlDateInvalid: true });
  });
});

describe('isRednetHost and rednetSiteLabel', () => {
  it('accepts rednet.cn and its sub-domains, with or without a port', () => {
    expect(isRednetHost('hn.rednet.cn')).toBe(true);
    expect(isRednetHost('daxiang-wap.rednet.cn:443')).toBe(true);
    expect(isRednetHost('rednet.cn')).toBe(true);
    expect(isRednetHost('HY.REDNET.CN')).toBe(true);
  });

  it('rejects look-alikes and local hosts', () => {
    expect(isRednetHost('rednet.cn.evil.com')).toBe(false);
    expect(isRednetHost('notrednet.cn')).toBe(false);
    expect(isRednetHost('127.0.0.1:8000')).toBe(false);
  });

  it('gives the sub-domain label, www for the bare domain, null elsewhere', () => {
    expect(rednetSiteLabel('moment.rednet.cn')).toBe('moment');
    expect(rednetSiteLabel('rednet.cn')).toBe('www');
    expect(rednetSiteLabel('example.com')).toBeNull();
  });
});
