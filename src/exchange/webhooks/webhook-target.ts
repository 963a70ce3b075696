/**
 * Where webhooks may go. A subscription names a URL; the service POSTs feed entries to it from
 * inside the deployment's network. Unless WEBHOOK_PRIVATE_TARGETS allows it, a URL must reach a
 * public address: not loopback, private (RFC 1918, unique-local), link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast or reserved. IP literals are refused when the
 * subscription is saved; host names are checked on every connection, against the addresses the
 * connection actually uses (so a name that later resolves inward is refused too).
 */
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6, IPv4-mapped v6 included) is a public one. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]);
  return !NON_PUBLIC.check(address, 'ipv6');
}

/** The host of a URL as an IP literal (brackets of IPv6 removed), or null for a host name. */
export function ipLiteralOf(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : null;
}

export class NonPublicAddressError extends Error {
  readonly code = 'WEBHOOK_NON_PUBLIC_ADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections that refuses non-public addresses: every address the name
 * resolves to must be public, and the connection then uses one of those.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  guardLookup(dnsLookup as unknown as Resolver)(hostname, options, callback);
}

type Resolver = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** publicOnlyLookup over a given resolver (the system's in the service, a fixed one in tests). */
export function guardLookup(resolve: Resolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void =>
    resolve(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, []);
      const inward = list.find((a) => !isPublicAddress(a.address));
      if (inward || !list.length) {
        return callback(new NonPublicAddressError(`${hostname} resolves to a non-public address (${inward?.address ?? 'none'})`), []);
      }
      if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
}
