import { WEBHOOK_BODY_MAX_BYTES } from '../limits.js';
import { webhookSignature } from '../signing.js';
import { utf8Bytes } from '../text.js';
import type { Notification, ReportJson, Verdict } from '../types.js';
import { excerpt, httpVerdict, JSON_HEADERS, type VendorContract } from './contract.js';

function isReport(value: unknown): value is ReportJson {
  return value !== null && typeof value === 'object' && 'article' in value && 'metrics' in value;
}

/** The body within the cap: a report too large loses its paragraphs, then its text (flagged). */
function fitted(json: unknown): unknown {
  if (utf8Bytes(JSON.stringify(json)) <= WEBHOOK_BODY_MAX_BYTES || !isReport(json)) return json;
  const lighter: ReportJson = {
    ...json,
    article: { ...json.article, paragraphs: [] },
    truncated: { paragraphs: true },
  };
  if (utf8Bytes(JSON.stringify(lighter)) <= WEBHOOK_BODY_MAX_BYTES) return lighter;
  return {
    ...lighter,
    article: { ...lighter.article, text: '' },
    truncated: { paragraphs: true, text: true },
  };
}

/**
 * Generic webhook: POSTs the `newsmon extract --json` shape `{ article, metrics }` (a digest:
 * `{ digest }`); 2xx delivered, 408/429/5xx retried, other answers permanent. With a secret the
 * request carries `X-Newsmon-Signature: sha256=<hex HMAC of the body>`.
 */
export const webhook: VendorContract = {
  kind: 'webhook',
  render(notification: Notification): unknown {
    return fitted(notification.json);
  },
  prepare(notification, target) {
    const body = JSON.stringify(this.render(notification));
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (target.secret) headers['x-newsmon-signature'] = webhookSignature(target.secret, body);
    return { url: target.url, headers, body };
  },
  interpret(answer): Verdict {
    const http = httpVerdict(answer);
    if (http) return http;
    if (answer.status >= 200 && answer.status < 300) return { status: 'ok' };
    return { status: 'permanent', reason: `HTTP ${answer.status}: ${excerpt(answer.body)}` };
  },
};
