import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Decides whether a `host` (URL.host: hostname plus `:port` when not default) may be requested. */
export type HostPolicy = (host: string) => boolean;

/**
 * Addresses a fetch must never reach unless the caller itself asked for a local host: loopback,
 * private, shared (carrier-grade NAT, where some clouds put metadata services), link-local (cloud
 * metadata lives at 169.254.169.254), IETF protocol assignments, benchmarking, multicast,
 * reserved, unique-local and unspecified; and the IPv6 ranges that embed an IPv4 address
 * (IPv4-compatible, NAT64, 6to4), which could smuggle any of those through.
 */
const BLOCKED_SUBNETS: ReadonlyArray<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 96, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];
const BLOCKED = new BlockList();
for (const [network, prefix, family] of BLOCKED_SUBNETS) BLOCKED.addSubnet(network, prefix, family);

/** The only ports a non-local source or redirect may use. */
const WEB_PORTS = new Set(['', '80', '443']);

const REDNET_DOMAIN = 'rednet.cn';

/** Strips the brackets URL.hostname keeps around IPv6 literals. */
function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * True for IP literals in a private, loopback, link-local or unspecified range (IPv4-mapped IPv6
 * included). Hostnames are not resolved here: see `isLocalHostname` and `createGuardedLookup`.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = bareHostname(address).toLowerCase();
  const family = isIP(bare);
  if (family === 4) return BLOCKED.check(bare, 'ipv4');
  if (family !== 6) return false;
  const mapped = ipv4Mapped(bare);
  if (mapped !== null) return BLOCKED.check(mapped, 'ipv4');
  return BLOCKED.check(bare, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d` or `::ffff:7f00:1`). */
function ipv4Mapped(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (dotted?.[1]) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!hex?.[1] || !hex[2]) return null;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/**
 * True when a URL may be fetched on its port: 80 and 443 (or the scheme's default) for any
 * host, any port for a local host, which only a local source can reach (see isLocalHostname).
 */
export function isAllowedPort(url: URL): boolean {
  return WEB_PORTS.has(url.port) || isLocalHostname(url.hostname);
}

/** `localhost` (and `*.localhost`, which resolvers map to loopback) or a private IP literal. */
export function isLocalHostname(hostname: string): boolean {
  const bare = bareHostname(hostname).toLowerCase().replace(/\.$/, '');
  return bare === 'localhost' || bare.endsWith('.localhost') || isPrivateAddress(bare);
}

/**
 * Host policy for the monitor: the hosts of the configured sources (with their ports, so a local
 * mirror `http://127.0.0.1:8080/` is allowed) plus rednet.cn and any of its subdomains.
 * @param sourceUrls absolute URLs of the configured sources; invalid ones are ignored here
 *   because config validation reports them.
 */
export function makeHostPolicy(sourceUrls: readonly string[]): HostPolicy {
  const hosts = new Set<string>();
  for (const source of sourceUrls) {
    const parsed = URL.canParse(source) ? new URL(source) : null;
    if (parsed) hosts.add(parsed.host.toLowerCase());
  }
  return (host: string) => {
    const normalized = host.toLowerCase();
    if (hosts.has(normalized)) return true;
    const port = /:(\d+)$/.exec(normalized)?.[1];
    if (port !== undefined && !WEB_PORTS.has(port)) return false;
    const hostname = normalized.replace(/:\d+$/, '').replace(/\.$/, '');
    return hostname === REDNET_DOMAIN || hostname.endsWith(`.${REDNET_DOMAIN}`);
  };
}

/** Error code a guarded lookup fails with when a name resolves to a blocked address. */
export const BLOCKED_ADDRESS_CODE = 'ERR_NEWSMON_BLOCKED_ADDRESS';

export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_CODE;
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to blocked address ${address}`);
    this.name = 'BlockedAddressError';
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The shape `http.request({ lookup })` calls; `dns.lookup` satisfies it. */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: LookupCallback,
) => void;

const systemLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) =>
    callback(error, addresses ?? []),
  );
};

/**
 * Wraps a DNS lookup so that a public hostname which resolves to a private address is refused at
 * connect time (DNS rebinding, or a redirect to a name like `metadata.internal`): checking names
 * alone would miss that. Node skips the lookup for IP literals; the client checks those itself.
 */
export function createGuardedLookup(base: LookupFunction = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (error, result) => {
      if (error) {
        callback(error, options.all ? [] : '');
        return;
      }
      const addresses: LookupAddress[] = Array.isArray(result)
        ? result
        : [{ address: result, family: isIP(result) }];
      const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
      if (blocked) {
        callback(new BlockedAddressError(hostname, blocked.address), options.all ? [] : '');
        return;
      }
      const first = addresses[0];
      if (!first) {
        const empty: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
        empty.code = 'ENOTFOUND';
        callback(empty, options.all ? [] : '');
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}
