import { FEISHU_BODY_MAX_BYTES, MESSAGE_TITLE_MAX_CHARS } from '../limits.js';
import { feishuSign } from '../signing.js';
import { markdownText, markdownUrl, utf8Bytes } from '../text.js';
import type { MessageDoc, Notification, Verdict } from '../types.js';
import { answerJson, excerpt, httpVerdict, JSON_HEADERS, type VendorContract } from './contract.js';
import { fitDoc } from './fit.js';

/** Room kept in the 20 KB body for `timestamp` and `sign` added at send time. */
const SIGNATURE_BYTES = 96;

const RETRY_CODES: Readonly<Record<number, string>> = {
  9499: 'rate limited or bad request (code 9499)',
  11232: 'rate limited (code 11232)',
};
const PERMANENT_CODES: Readonly<Record<number, string>> = {
  19021: 'signature or timestamp rejected (code 19021)',
  19022: 'IP not allowed (code 19022)',
  19024: 'keyword check failed (code 19024)',
};

interface CardElement {
  tag: string;
  [key: string]: unknown;
}

interface FeishuCard {
  msg_type: 'interactive';
  card: {
    config: { wide_screen_mode: true };
    header: { title: { tag: 'plain_text'; content: string }; template: string };
    elements: CardElement[];
  };
}

function lark(content: string): CardElement {
  return { tag: 'div', text: { tag: 'lark_md', content } };
}

function card(doc: MessageDoc): FeishuCard {
  const elements: CardElement[] = [lark(doc.meta.map(markdownText).join('\n'))];
  for (const section of doc.sections) {
    const lines = section.heading ? [`**${markdownText(section.heading)}**`] : [];
    for (const line of section.lines) {
      const text = markdownText(line.text);
      lines.push(line.link ? `• [${text}](${markdownUrl(line.link)})` : `• ${text}`);
    }
    elements.push({ tag: 'hr' }, lark(lines.join('\n')));
  }
  if (doc.omitted > 0) {
    elements.push({
      tag: 'note',
      elements: [{ tag: 'plain_text', content: doc.more(doc.omitted) }],
    });
  }
  if (doc.link) {
    elements.push({
      tag: 'action',
      actions: [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: '阅读原文 Read' },
          type: 'primary',
          url: doc.link,
        },
      ],
    });
  }
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: {
        title: {
          tag: 'plain_text',
          content: [...doc.title].slice(0, MESSAGE_TITLE_MAX_CHARS).join(''),
        },
        template: 'blue',
      },
      elements,
    },
  };
}

/**
 * 飞书/Lark custom bot: an interactive card (`msg_type: 'interactive'`, `card`), body ≤ 20 KB;
 * with a secret the body also carries `timestamp` (seconds, as a string) and `sign`.
 */
export const feishu: VendorContract = {
  kind: 'feishu',
  render(notification: Notification): FeishuCard {
    return fitDoc(
      notification.doc,
      card,
      (payload) => utf8Bytes(JSON.stringify(payload)) + SIGNATURE_BYTES <= FEISHU_BODY_MAX_BYTES,
    );
  },
  prepare(notification, target, nowMs) {
    const payload = this.render(notification) as FeishuCard;
    if (!target.secret)
      return { url: target.url, headers: { ...JSON_HEADERS }, body: JSON.stringify(payload) };
    const timestamp = Math.floor(nowMs / 1000);
    const signed = {
      timestamp: String(timestamp),
      sign: feishuSign(target.secret, timestamp),
      ...payload,
    };
    return { url: target.url, headers: { ...JSON_HEADERS }, body: JSON.stringify(signed) };
  },
  interpret(answer): Verdict {
    const http = httpVerdict(answer);
    if (http) return http;
    const json = answerJson(answer.body);
    // Older answers carry StatusCode; current ones code.
    const raw = json?.code ?? json?.StatusCode;
    const code = typeof raw === 'number' ? raw : null;
    if (answer.status === 200 && code === 0) return { status: 'ok' };
    if (code !== null && RETRY_CODES[code]) {
      return { status: 'retry', reason: RETRY_CODES[code] ?? '', retryAfterMs: null };
    }
    if (code !== null && PERMANENT_CODES[code]) {
      return { status: 'permanent', reason: PERMANENT_CODES[code] ?? '' };
    }
    if (code !== null)
      return { status: 'permanent', reason: `code ${code}: ${excerpt(json?.msg)}` };
    return { status: 'permanent', reason: `HTTP ${answer.status}: ${excerpt(answer.body)}` };
  },
};
