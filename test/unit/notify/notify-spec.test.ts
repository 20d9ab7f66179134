import { describe, expect, it } from 'vitest';
import {
  describeTarget,
  localDestination,
  NotifySpecError,
  parseNotifySpec,
  redactSecrets,
  redactUrl,
} from '../../../functions/notify/index.js';

describe('parseNotifySpec', () => {
  it('takes the secret parameter out of the URL and keeps the rest', () => {
    expect(
      parseNotifySpec('dingtalk:http://127.0.0.1:8080/robot/send?access_token=T&secret=SEC123'),
    ).toEqual({
      kind: 'dingtalk',
      url: 'http://127.0.0.1:8080/robot/send?access_token=T',
      secret: 'SEC123',
    });
  });

  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K', 'wecom'],
    ['https://oapi.dingtalk.com/robot/send?access_token=T', 'dingtalk'],
    ['https://open.feishu.cn/open-apis/bot/v2/hook/abc', 'feishu'],
    ['https://open.larksuite.com/open-apis/bot/v2/hook/abc', 'feishu'],
    ['https://hooks.slack.com/services/T0/B0/X', 'slack'],
  ])('infers the kind of the official host in %s', (url, kind) => {
    expect(parseNotifySpec(url).kind).toBe(kind);
  });

  it('accepts an explicit kind for any https host and keeps a secret only where it signs', () => {
    expect(parseNotifySpec('webhook:https://example.org/hook?secret=s3').secret).toBe('s3');
    expect(() => parseNotifySpec('wecom:https://example.org/x?key=1&secret=s')).toThrow(
      /not signed/,
    );
    expect(() => parseNotifySpec('slack:https://hooks.slack.com/services/a/b/c?secret=s')).toThrow(
      NotifySpecError,
    );
  });

  it.each([
    ['https://example.org/hook', /cannot tell the kind/],
    ['telegram:https://example.org/hook', /unknown notification kind 'telegram'/],
    ['wecom:not a url', /expects <kind>:<http\(s\) URL>/],
    ['wecom:ftp://example.org/x', /http\(s\)/],
    ['wecom:http://example.org/cgi-bin/webhook/send?key=K', /plain http is allowed only/],
    ['dingtalk:https://oapi.dingtalk.com/robot/send?access_token=T&secret=', /empty/],
    ['dingtalk:https://oapi.dingtalk.com/robot/send?access_token=T&secret=a&secret=b', /once/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseNotifySpec(spec)).toThrow(message);
  });

  it('never puts the token or secret into its error messages', () => {
    const token = 'tok-1234567890abcdefSECRETISH';
    for (const spec of [
      `https://example.org/hook/${token}?key=${token}`,
      `wecom:http://example.org/send?key=${token}`,
    ]) {
      try {
        parseNotifySpec(spec);
        expect.unreachable();
      } catch (error) {
        expect(String(error)).not.toContain(token);
      }
    }
  });

  it('gives a destination a stable id from kind and URL, not from the secret', () => {
    const a = localDestination(
      parseNotifySpec('dingtalk:https://oapi.dingtalk.com/robot/send?access_token=T&secret=A'),
    );
    const b = localDestination(
      parseNotifySpec('dingtalk:https://oapi.dingtalk.com/robot/send?access_token=T&secret=B'),
    );
    const c = localDestination(
      parseNotifySpec('dingtalk:https://oapi.dingtalk.com/robot/send?access_token=U'),
    );
    expect(a.id).toBe(b.id);
    expect(a.id).not.toBe(c.id);
    expect(a.id).toMatch(/^dingtalk-[0-9a-f]{12}$/);
  });
});

describe('redaction', () => {
  it('masks query values, token-like path segments and userinfo in a URL', () => {
    expect(
      redactUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4'),
    ).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***');
    expect(
      redactUrl('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'),
    ).toBe('https://hooks.slack.com/services/T00000000/B00000000/***');
    expect(
      redactUrl(
        'https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd',
      ),
    ).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/***');
    expect(redactUrl('https://user:pass@example.org/x?a=1')).toBe('https://example.org/x?a=***');
    expect(redactUrl('::not a url::')).toBe('***');
  });

  it('removes every credential of a target from a free text, raw or URL-encoded', () => {
    const target = parseNotifySpec(
      'dingtalk:https://oapi.dingtalk.com/robot/send?access_token=abcd1234efgh&secret=SEC+/=xyz',
    );
    const text = `failed https://oapi.dingtalk.com/robot/send?access_token=abcd1234efgh sign with SEC+/=xyz or ${encodeURIComponent('SEC+/=xyz')}`;
    // A pasted secret keeps its `+` (query parsing as a form would make it a space).
    expect(target.secret).toBe('SEC+/=xyz');
    const shown = redactSecrets(text, target);
    expect(shown).not.toContain('abcd1234efgh');
    expect(shown).not.toContain('SEC+/=xyz');
    expect(shown).not.toContain(encodeURIComponent('SEC+/=xyz'));
    expect(describeTarget(target)).toBe(
      'dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (signed)',
    );
  });
});
