import { DINGTALK_MARKDOWN_MAX_BYTES, MESSAGE_TITLE_MAX_CHARS } from '../limits.js';
import { dingtalkSign } from '../signing.js';
import { utf8Bytes } from '../text.js';
import type { Notification, Verdict } from '../types.js';
import { answerJson, excerpt, httpVerdict, JSON_HEADERS, type VendorContract } from './contract.js';
import { fitDoc } from './fit.js';
import { robotMarkdown } from './markdown.js';

interface DingtalkMarkdown {
  msgtype: 'markdown';
  /** `title` is what the notification preview shows; `text` the message. */
  markdown: { title: string; text: string };
}

/** DingTalk blocks a robot for 10 minutes after more than 20 messages in a minute (130101). */
const THROTTLE_MS = 10 * 60 * 1000;

/**
 * 钉钉 custom robot: `{ msgtype: 'markdown', markdown: { title, text } }`; with a secret (加签) the
 * URL gets `timestamp` (ms) and `sign` (Base64 HMAC-SHA256, URL-encoded).
 */
export const dingtalk: VendorContract = {
  kind: 'dingtalk',
  render(notification: Notification): DingtalkMarkdown {
    const title = [...notification.doc.title].slice(0, MESSAGE_TITLE_MAX_CHARS).join('');
    return fitDoc(
      notification.doc,
      (doc) => ({ msgtype: 'markdown', markdown: { title, text: robotMarkdown(doc, '\n\n') } }),
      (payload) => utf8Bytes(payload.markdown.text) <= DINGTALK_MARKDOWN_MAX_BYTES,
    );
  },
  prepare(notification, target, nowMs) {
    const url = new URL(target.url);
    if (target.secret) {
      url.searchParams.set('timestamp', String(nowMs));
      // searchParams encodes the Base64 (+ / =) as the robot expects.
      url.searchParams.set('sign', dingtalkSign(target.secret, nowMs));
    }
    return {
      url: url.href,
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
    if (code === 130101) {
      return {
        status: 'retry',
        reason: 'rate limited (errcode 130101)',
        retryAfterMs: THROTTLE_MS,
      };
    }
    if (code === 310000) {
      return {
        status: 'permanent',
        reason: `signature, timestamp, keyword or IP check failed (errcode 310000): ${excerpt(json?.errmsg)}`,
      };
    }
    if (code === 300001)
      return { status: 'permanent', reason: 'invalid access token (errcode 300001)' };
    if (code !== null)
      return { status: 'permanent', reason: `errcode ${code}: ${excerpt(json?.errmsg)}` };
    return { status: 'permanent', reason: `HTTP ${answer.status}: ${excerpt(answer.body)}` };
  },
};
