import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX_FIGURES, WECOM_MARKDOWN_MAX_BYTES } from '../../../functions/notify/limits.js';
import {
  buildDigest,
  digestNotification,
  reportNotification,
  shanghaiTime,
} from '../../../functions/notify/message.js';
import { dingtalkSign, feishuSign, webhookSignature } from '../../../functions/notify/signing.js';
import { NOTIFY_KINDS } from '../../../functions/notify/types.js';
import { VENDORS } from '../../../functions/notify/vendors/index.js';
import { manyReports, SEED_METRICS, sampleReport } from '../../support/robots/sample-report.js';

const target = (kind: (typeof NOTIFY_KINDS)[number], secret: string | null = null) => ({
  kind,
  url: 'https://robot.example/send?key=K',
  secret,
});

describe('signing', () => {
  it('DingTalk: Base64 HMAC-SHA256 keyed by the secret over "timestamp\\nsecret", URL-encoded in the query', () => {
    const sign = dingtalkSign('SECabc', 1_700_000_000_000);
    expect(sign).toBe(
      createHmac('sha256', 'SECabc').update('1700000000000\nSECabc').digest('base64'),
    );
    const request = VENDORS.dingtalk.prepare(
      reportNotification(sampleReport()),
      {
        ...target('dingtalk', 'SECabc'),
        url: 'https://oapi.dingtalk.com/robot/send?access_token=T',
      },
      1_700_000_000_000,
    );
    const url = new URL(request.url);
    expect(url.searchParams.get('timestamp')).toBe('1700000000000');
    expect(url.searchParams.get('sign')).toBe(sign);
    expect(request.url).not.toMatch(/sign=[^&]*[+/=]/);
  });

  it('Feishu: Base64 HMAC-SHA256 keyed by "timestamp\\nsecret" over an empty message, seconds, in the body', () => {
    expect(feishuSign('s', 1_599_360_473)).toBe(
      createHmac('sha256', '1599360473\ns').update(Buffer.alloc(0)).digest('base64'),
    );
    const body = JSON.parse(
      VENDORS.feishu.prepare(
        reportNotification(sampleReport()),
        target('feishu', 's'),
        1_599_360_473_999,
      ).body,
    ) as Record<string, unknown>;
    expect(body.timestamp).toBe('1599360473');
    expect(body.sign).toBe(feishuSign('s', 1_599_360_473));
    expect(body.msg_type).toBe('interactive');
  });

  it('generic webhook: a sha256= hex HMAC of the exact body', () => {
    const request = VENDORS.webhook.prepare(
      reportNotification(sampleReport()),
      target('webhook', 'k'),
      0,
    );
    expect(request.headers['x-newsmon-signature']).toBe(webhookSignature('k', request.body));
  });
});

describe('report messages', () => {
  const notification = reportNotification(sampleReport());

  it('say title, Shanghai time, source and site, link, and the leading figures with their changes', () => {
    const { doc } = notification;
    expect(doc.title).toBe(sampleReport().article.title);
    expect(doc.meta.join('\n')).toContain(`${shanghaiTime(sampleReport().article.publishedAt)}`);
    expect(doc.meta.join('\n')).toContain('红网 · hn · channel 7417');
    expect(doc.link).toBe(sampleReport().article.url);
    expect(doc.sections[0]?.lines).toHaveLength(MESSAGE_MAX_FIGURES);
    expect(doc.omitted).toBe(SEED_METRICS.length - MESSAGE_MAX_FIGURES);
    expect(doc.sections[0]?.lines.some((line) => /[↑↓](同比|环比)?/.test(line.text))).toBe(true);
  });

  it('shows times in Asia/Shanghai whatever offset the page used', () => {
    expect(shanghaiTime('2021-08-26T02:05:12Z')).toBe('2021-08-26 10:05 北京时间');
    expect(shanghaiTime('not a time')).toBeNull();
  });

  it('neutralise markup, controls and bidi overrides in page titles', () => {
    const hostile = reportNotification(
      sampleReport({
        title: '[点我](https://evil.example) **假** <@all>\u202Egnp.exe\u0007\n第二行',
      }),
    );
    const wecom = VENDORS.wecom.render(hostile) as { markdown: { content: string } };
    const firstLine = wecom.markdown.content.split('\n')[0] ?? '';
    expect(firstLine).not.toContain('](https://evil.example)');
    expect(firstLine).not.toContain('\u202E');
    expect(firstLine).not.toContain('<@all>');
    expect(firstLine).toContain('［点我］');
    const slack = VENDORS.slack.render(hostile) as { blocks: { text?: { text: string } }[] };
    expect(JSON.stringify(slack)).toContain('&lt;@all&gt;');
  });

  it.each(NOTIFY_KINDS)('%s: renders JSON a robot can parse', (kind) => {
    expect(() =>
      JSON.parse(VENDORS[kind].prepare(notification, target(kind), Date.now()).body),
    ).not.toThrow();
  });
});

describe('size limits', () => {
  it('WeCom: cuts to 4,096 bytes on character boundaries and says how many figures were left out', () => {
    const long = SEED_METRICS.map((metric) => ({
      ...metric,
      subject: `${'超长主语😀'.repeat(40)}${metric.subject ?? ''}`,
    }));
    const render = VENDORS.wecom.render(
      reportNotification(sampleReport({ title: '标题😀'.repeat(200) }, long)),
    ) as {
      markdown: { content: string };
    };
    const content = render.markdown.content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(content).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(content).toMatch(/另有 \d+ 项数据 \(\d+ more figures\)/);
    const more = Number(/\((\d+) more figures\)/.exec(content)?.[1]);
    const shown = content.split('\n').filter((line) => line.startsWith('• ')).length;
    expect(shown + more).toBe(long.length);
  });

  it('digests: every vendor keeps within its limit and counts the reports left out', () => {
    const digest = digestNotification(
      buildDigest(manyReports(500), {
        since: new Date('2026-12-01T00:00:00Z'),
        until: new Date('2026-12-02T00:00:00Z'),
      }),
    );
    const wecom = VENDORS.wecom.render(digest) as { markdown: { content: string } };
    expect(Buffer.byteLength(wecom.markdown.content)).toBeLessThanOrEqual(4096);
    const dingtalk = VENDORS.dingtalk.render(digest) as { markdown: { text: string } };
    expect(Buffer.byteLength(dingtalk.markdown.text)).toBeLessThanOrEqual(20_000);
    expect(Buffer.byteLength(JSON.stringify(VENDORS.feishu.render(digest)))).toBeLessThanOrEqual(
      20 * 1024 - 96,
    );
    const slack = VENDORS.slack.render(digest) as {
      blocks: { type: string; text?: { text: string } }[];
    };
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    for (const block of slack.blocks)
      if (block.type === 'section')
        expect([...(block.text?.text ?? '')].length).toBeLessThanOrEqual(3000);
    expect(wecom.markdown.content).toMatch(/\d+ more reports/);
  });
});

describe('answers', () => {
  const answer = (status: number, body: unknown, retryAfter: string | null = null) => ({
    status,
    retryAfter,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it.each([
    ['wecom', answer(200, { errcode: 0, errmsg: 'ok' }), 'ok'],
    ['wecom', answer(200, { errcode: 45009, errmsg: 'api freq out of limit' }), 'retry'],
    ['wecom', answer(200, { errcode: 93000, errmsg: 'invalid webhook url' }), 'permanent'],
    ['wecom', answer(200, { errcode: 40058, errmsg: 'too long' }), 'permanent'],
    ['dingtalk', answer(200, { errcode: 0, errmsg: 'ok' }), 'ok'],
    ['dingtalk', answer(200, { errcode: 130101, errmsg: 'send too fast' }), 'retry'],
    ['dingtalk', answer(200, { errcode: 310000, errmsg: 'sign not match' }), 'permanent'],
    ['dingtalk', answer(200, { errcode: 300001, errmsg: 'token is not exist' }), 'permanent'],
    ['feishu', answer(200, { code: 0, msg: 'success' }), 'ok'],
    ['feishu', answer(200, { StatusCode: 0, StatusMessage: 'success' }), 'ok'],
    ['feishu', answer(400, { code: 9499, msg: 'too many request' }), 'retry'],
    ['feishu', answer(200, { code: 11232, msg: 'frequency limited' }), 'retry'],
    ['feishu', answer(200, { code: 19021, msg: 'sign match fail' }), 'permanent'],
    ['slack', answer(200, 'ok'), 'ok'],
    ['slack', answer(429, 'rate_limited', '7'), 'retry'],
    ['slack', answer(403, 'invalid_token'), 'permanent'],
    ['slack', answer(404, 'no_service'), 'permanent'],
    ['slack', answer(410, 'channel_is_archived'), 'permanent'],
    ['webhook', answer(204, ''), 'ok'],
    ['webhook', answer(503, 'busy'), 'retry'],
    ['webhook', answer(401, 'no'), 'permanent'],
    ['wecom', answer(502, 'bad gateway'), 'retry'],
  ] as const)('%s: %j is %s', (kind, given, status) => {
    expect(VENDORS[kind].interpret(given).status).toBe(status);
  });

  it('takes the wait from Retry-After', () => {
    const verdict = VENDORS.slack.interpret(answer(429, 'rate_limited', '7'));
    expect(verdict).toMatchObject({ status: 'retry', retryAfterMs: 7000 });
  });
});
