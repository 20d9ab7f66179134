import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  createGuardedLookup,
  isAllowedPort,
  isLocalHostname,
  isPrivateAddress,
  type LookupFunction,
  makeHostPolicy,
} from '../../../functions/http/address-policy.js';

function fixedLookup(address: string): LookupFunction {
  return (_hostname, options, callback) => {
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

function resolveWith(lookup: LookupFunction, all: boolean) {
  return new Promise<{ error: Error | null; result: string | LookupAddress[] }>((resolve) => {
    lookup('news.rednet.cn', { all }, (error, result) => resolve({ error, result }));
  });
}

describe('address policy', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.8.8.8',
    '169.254.169.254',
    '0.0.0.0',
    '::1',
    '[::1]',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '100.64.0.1',
    '100.100.100.200',
    '100.127.255.255',
    '192.0.0.8',
    '198.18.0.1',
    '198.19.255.255',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    'ff02::1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::',
    '::7f00:1',
    '::127.0.0.1',
    'fec0::1',
    '::ffff:100.100.100.200',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:127.0.0.1',
  ])('treats %s as private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '58.20.30.40',
    '172.15.255.255',
    '172.32.0.1',
    '192.169.0.1',
    '2001:db8::1',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '100.63.255.255',
    '100.128.0.1',
    '198.20.0.1',
    '223.255.255.255',
    'news.rednet.cn',
  ])('treats %s as public (hostnames are not resolved here)', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('recognises local hostnames', () => {
    expect(isLocalHostname('localhost')).toBe(true);
    expect(isLocalHostname('LOCALHOST.')).toBe(true);
    expect(isLocalHostname('mirror.localhost')).toBe(true);
    expect(isLocalHostname('127.0.0.1')).toBe(true);
    expect(isLocalHostname('[::1]')).toBe(true);
    expect(isLocalHostname('hn.rednet.cn')).toBe(false);
    expect(isLocalHostname('localhost.rednet.cn')).toBe(false);
  });

  it('a non-local origin may not be redirected to loopback, a local origin may', () => {
    // The redirect rule HttpClient applies on every hop: blocked unless the origin was local.
    const hopAllowed = (origin: string, target: string) =>
      isLocalHostname(origin) || !isLocalHostname(new URL(target).hostname);

    expect(hopAllowed('hn.rednet.cn', 'http://127.0.0.1:8080/admin')).toBe(false);
    expect(hopAllowed('hn.rednet.cn', 'http://[::1]/')).toBe(false);
    expect(hopAllowed('hn.rednet.cn', 'http://169.254.169.254/latest/meta-data/')).toBe(false);
    expect(hopAllowed('hn.rednet.cn', 'http://localhost/')).toBe(false);
    expect(hopAllowed('127.0.0.1', 'http://127.0.0.1:9999/mirror')).toBe(true);
    expect(hopAllowed('hn.rednet.cn', 'https://moment.rednet.cn/')).toBe(true);
  });

  it('allows configured source hosts with their ports, and rednet.cn with its subdomains', () => {
    const allowed = makeHostPolicy([
      'http://127.0.0.1:8080/list.html',
      'https://news.example.org/x',
    ]);

    expect(allowed('127.0.0.1:8080')).toBe(true);
    expect(allowed('news.example.org')).toBe(true);
    expect(allowed('rednet.cn')).toBe(true);
    expect(allowed('hn.rednet.cn')).toBe(true);
    expect(allowed('HY.RedNet.cn')).toBe(true);
    expect(allowed('moment.rednet.cn:443')).toBe(true);
    expect(allowed('moment.rednet.cn:8443')).toBe(false);
    expect(allowed('127.0.0.1:8081')).toBe(false);
    expect(allowed('evilrednet.cn')).toBe(false);
    expect(allowed('rednet.cn.evil.com')).toBe(false);
    expect(allowed('example.org')).toBe(false);
  });

  it('allows ports 80 and 443 on any host and other ports only on local hosts', () => {
    expect(isAllowedPort(new URL('https://hn.rednet.cn/'))).toBe(true);
    expect(isAllowedPort(new URL('http://hn.rednet.cn:80/'))).toBe(true);
    expect(isAllowedPort(new URL('http://hn.rednet.cn:443/'))).toBe(true);
    expect(isAllowedPort(new URL('http://hn.rednet.cn:22/'))).toBe(false);
    expect(isAllowedPort(new URL('https://news.example.org:8443/'))).toBe(false);
    expect(isAllowedPort(new URL('http://127.0.0.1:8080/'))).toBe(true);
    expect(isAllowedPort(new URL('http://localhost:3000/'))).toBe(true);
  });

  it('ignores invalid source URLs instead of throwing', () => {
    const allowed = makeHostPolicy(['not a url']);
    expect(allowed('hn.rednet.cn')).toBe(true);
    expect(allowed('not')).toBe(false);
  });

  it.each([true, false])('refuses a name resolving to a private address (all: %s)', async (all) => {
    const { error } = await resolveWith(createGuardedLookup(fixedLookup('169.254.169.254')), all);

    expect(error).toBeInstanceOf(BlockedAddressError);
    expect(error?.message).toBe('news.rednet.cn resolves to blocked address 169.254.169.254');
  });

  it.each([true, false])('passes a public address through (all: %s)', async (all) => {
    const { error, result } = await resolveWith(
      createGuardedLookup(fixedLookup('58.20.30.40')),
      all,
    );

    expect(error).toBeNull();
    expect(result).toEqual(all ? [{ address: '58.20.30.40', family: 4 }] : '58.20.30.40');
  });
});
