import { type HostPolicy, isAllowedPort, isLocalHostname } from './address-policy.js';
import type { FetchErrorReason } from './errors.js';

export interface RedirectCheck {
  /** The URL that answered with the redirect. */
  from: URL;
  /** Its `Location` header, if any. */
  location: string | undefined;
  status: number;
  /** Redirect hops already followed before `from` (0 on the URL asked for). */
  hop: number;
  maxRedirects: number;
  /** Every URL of the chain so far, `from` included. */
  visited: ReadonlySet<string>;
  allowed: HostPolicy;
  /** The first hop was a local host, so local targets stay allowed (tests, local mirrors). */
  originLocal: boolean;
}

export type RedirectDecision =
  | { ok: true; next: URL }
  | { ok: false; reason: FetchErrorReason; detail: string };

/**
 * Where a redirect may lead: an http(s) URL not seen before in the chain, within `maxRedirects`,
 * on an allowed host, and never from a public source to a local address.
 */
export function checkRedirect(check: RedirectCheck): RedirectDecision {
  const refuse = (reason: FetchErrorReason, detail: string): RedirectDecision => ({
    ok: false,
    reason,
    detail,
  });
  const { location, from } = check;
  if (!location) return refuse('http-status', `HTTP ${check.status} without a Location header`);
  if (!URL.canParse(location, from.href)) {
    return refuse('invalid-url', `redirect to unparseable Location ${JSON.stringify(location)}`);
  }
  const next = new URL(location, from);
  next.hash = '';
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return refuse('redirect-blocked', `redirect to ${next.protocol} URL refused`);
  }
  if (check.visited.has(next.href)) {
    return refuse('redirect-loop', `redirect loop back to ${next.href}`);
  }
  if (check.hop + 1 > check.maxRedirects) {
    return refuse('too-many-redirects', `more than ${check.maxRedirects} redirects`);
  }
  if (!check.allowed(next.host)) {
    return refuse('host-not-allowed', `redirect to host ${next.host} refused (not allowed)`);
  }
  if (!isAllowedPort(next)) {
    return refuse('redirect-blocked', `redirect to port ${next.port} refused (only 80 and 443)`);
  }
  if (!check.originLocal && isLocalHostname(next.hostname)) {
    return refuse('redirect-blocked', `redirect to local address ${next.host} refused`);
  }
  return { ok: true, next };
}
