import { WECOM_MARKDOWN_MAX_BYTES } from '../limits.js';
import { utf8Bytes } from '../text.js';
import type { Notification, Verdict } from '../types.js';
import { answerJson, excerpt, httpVerdict, JSON_HEADERS, type VendorContract } from './contract.js';
import { fitDoc } from './fit.js';
import { robotMarkdown } from './markdown.js';

/** WeCom errcodes worth retrying: 45009 API frequency limit, -1 system busy. */
const RETRY_CODES: Readonly<Record<number, string>> = {
  45009: 'rate limited (errcode 45009)',
  [-1]: 'robot busy (errcode -1)',
};

interface WecomMarkdown {
  msgtype: 'markdown';
  markdown: { content: string };
}

/** 企业微信 group robot: `{ msgtype: 'markdown', markdown: { content } }`, content ≤ 4,096 bytes. */
export const wecom: VendorContract = {
  kind: 'wecom',
  render(notification: Notification): WecomMarkdown {
    return fitDoc(
      notification.doc,
      (doc) => ({ msgtype: 'markdown', markdown: { content: robotMarkdown(doc, '\n') } }),
      (payload) => utf8Bytes(payload.markdown.content) <= WECOM_MARKDOWN_MAX_BYTES,
    );
  },
  prepare(notification, target) {
    return {
      url: target.url,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify(this.render(notification)),
    };
  },
  interpret(answer): Verdict {
    const http = httpVerdict(answer);
    if (http) return http;
    const json = answerJson(answer.body);
    const code = typeof json?.errcode === 'number' ? json.errcode : null;
    if (answer.status === 200 && code === 0) return { status: 'ok' };
    if (code !== null && RETRY_CODES[code]) {
      return { status: 'retry', reason: RETRY_CODES[code] ?? '', retryAfterMs: null };
    }
    if (code === 93000)
      return { status: 'permanent', reason: 'invalid webhook URL (errcode 93000)' };
    if (code !== null)
      return { status: 'permanent', reason: `errcode ${code}: ${excerpt(json?.errmsg)}` };
    return { status: 'permanent', reason: `HTTP ${answer.status}: ${excerpt(answer.body)}` };
  },
};
