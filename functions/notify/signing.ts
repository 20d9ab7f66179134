import { createHmac } from 'node:crypto';

/**
 * DingTalk 加签: HMAC-SHA256 keyed by the secret over `timestamp + "\n" + secret`, Base64.
 * The caller URL-encodes it into the `sign` query parameter next to `timestamp` (milliseconds).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/**
 * Feishu/Lark 签名校验: HMAC-SHA256 whose *key* is `timestamp + "\n" + secret` over an empty
 * message, Base64; sent in the JSON body as `timestamp` (seconds, a string) and `sign`.
 */
export function feishuSign(secret: string, timestampS: number): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** Generic webhook: `sha256=<hex HMAC-SHA256 of the body keyed by the secret>` (X-Newsmon-Signature). */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
