import type { NotifyTarget } from './types.js';

const REDACTED = '***';
/** A path segment that looks like a credential: long and made of token characters. */
const TOKEN_SEGMENT = /^[A-Za-z0-9_~.-]{16,}$/;

/**
 * A webhook URL safe to log: credentials are in the query (`key`, `access_token`), in the path
 * (Slack `/services/T…/B…/XXXX`, Feishu `/hook/<uuid>`) or in the userinfo; all are masked.
 * `https://oapi.dingtalk.com/robot/send?access_token=***`.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  const path = parsed.pathname
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? REDACTED : segment))
    .join('/');
  const query = [...parsed.searchParams.keys()].map((key) => `${key}=${REDACTED}`).join('&');
  return `${parsed.protocol}//${parsed.host}${path}${query ? `?${query}` : ''}`;
}

/**
 * Removes every credential of `target` (the URL's token parts and the signing secret, raw and
 * URL-encoded) from a text such as an error message, before it is logged or printed.
 */
export function redactSecrets(text: string, target: Pick<NotifyTarget, 'url' | 'secret'>): string {
  const secrets = new Set<string>();
  if (target.secret) secrets.add(target.secret);
  try {
    const parsed = new URL(target.url);
    for (const value of parsed.searchParams.values()) if (value.length >= 4) secrets.add(value);
    for (const segment of parsed.pathname.split('/')) {
      if (TOKEN_SEGMENT.test(segment)) secrets.add(segment);
    }
    if (parsed.username) secrets.add(parsed.username);
    if (parsed.password) secrets.add(parsed.password);
  } catch {
    // Not a URL: only the secret is known.
  }
  let result = text;
  // Longest first, so a secret containing another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join(REDACTED);
    }
  }
  return result;
}

/** `dingtalk https://oapi.dingtalk.com/robot/send?access_token=*** (signed)` for logs and help. */
export function describeTarget(target: NotifyTarget): string {
  return `${target.kind} ${redactUrl(target.url)}${target.secret ? ' (signed)' : ''}`;
}
