import { createHash } from 'node:crypto';
import { NotifySpecError } from './errors.js';
import { redactUrl } from './redact.js';
import {
  isNotifyKind,
  NOTIFY_KINDS,
  type NotifyDestination,
  type NotifyKind,
  type NotifyTarget,
} from './types.js';

/** The vendors' official webhook hosts: a spec with such a URL may leave the kind out. */
export const OFFICIAL_HOSTS: Readonly<Record<string, NotifyKind>> = {
  'qyapi.weixin.qq.com': 'wecom',
  'oapi.dingtalk.com': 'dingtalk',
  'open.feishu.cn': 'feishu',
  'open.larksuite.com': 'feishu',
  'hooks.slack.com': 'slack',
};

/** Kinds that sign with a secret (DingTalk 加签, Feishu 签名校验, the generic webhook's HMAC header). */
const SIGNING_KINDS: readonly NotifyKind[] = ['dingtalk', 'feishu', 'webhook'];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Parses one `--notify` value (also a configuration-file entry and a stored secret's value):
 * `<kind>:<url>` or just `<url>` on a vendor's official host. A `secret` query parameter is taken
 * out of the URL and becomes the signing secret:
 * `dingtalk:https://oapi.dingtalk.com/robot/send?access_token=T&secret=SEC…`.
 *
 * @throws NotifySpecError with a reason that never contains the token or secret
 */
export function parseNotifySpec(spec: string): NotifyTarget {
  const text = spec.trim();
  const prefixed = /^([a-z]+):(.*)$/is.exec(text);
  let kind: NotifyKind | null = null;
  let rawUrl = text;
  if (prefixed && !/^https?$/i.test(prefixed[1] ?? '')) {
    const name = (prefixed[1] ?? '').toLowerCase();
    if (!isNotifyKind(name)) {
      throw new NotifySpecError(
        `unknown notification kind '${name}' (kinds: ${NOTIFY_KINDS.join(', ')})`,
      );
    }
    kind = name;
    rawUrl = (prefixed[2] ?? '').trim();
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new NotifySpecError(
      'expects <kind>:<http(s) URL>, e.g. wecom:https://qyapi.weixin.qq.com/…',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new NotifySpecError(`expects an http(s) URL, got ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    // The URL carries the robot's token: plain HTTP would show it to every hop.
    throw new NotifySpecError(
      `plain http is allowed only for 127.0.0.1/localhost: ${redactUrl(url.href)}`,
    );
  }
  const inferred = OFFICIAL_HOSTS[url.hostname.toLowerCase()] ?? null;
  if (kind === null) {
    if (inferred === null) {
      throw new NotifySpecError(
        `cannot tell the kind of ${redactUrl(url.href)}: write ${NOTIFY_KINDS.map((k) => `${k}:`).join(', ')} before the URL`,
      );
    }
    kind = inferred;
  }
  const secrets = rawParams(url.search, 'secret');
  url.searchParams.delete('secret');
  if (secrets.length > 1) throw new NotifySpecError('give the secret parameter once');
  const secret = secrets[0] ?? null;
  if (secret !== null && secret.trim() === '')
    throw new NotifySpecError('the secret parameter is empty');
  if (secret !== null && !SIGNING_KINDS.includes(kind)) {
    throw new NotifySpecError(`${kind} webhooks are not signed: remove the secret parameter`);
  }
  return { kind, url: url.href, secret };
}

/**
 * A destination with a stable id derived from its kind and URL (not from the secret, and not
 * reversible to the token): the idempotency records of a local `--notify` target keep their
 * meaning across runs.
 */
export function localDestination(target: NotifyTarget): NotifyDestination {
  const digest = createHash('sha256').update(`${target.kind}\n${target.url}`).digest('hex');
  return { ...target, id: `${target.kind}-${digest.slice(0, 12)}` };
}

/**
 * Values of a query parameter decoded as URL components, not as a form: a `+` in a pasted secret
 * stays a `+` (URLSearchParams would turn it into a space and the signature would never match).
 */
function rawParams(search: string, name: string): string[] {
  const values: string[] = [];
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const [key = '', ...rest] = pair.split('=');
    if (safeDecode(key) !== name) continue;
    values.push(safeDecode(rest.join('=')));
  }
  return values;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new NotifySpecError('the URL has a malformed %-escape');
  }
}
