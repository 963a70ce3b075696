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

/** The 16 bytes of an IPv6 address (a zone index is dropped), or null. */
export function ipv6Bytes(address: string): Uint8Array | null {
  const text = address.replace(/%.*$/, '');
  if (isIP(text) !== 6) return null;
  let head = text;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  const v4: number[] = [];
  if (dotted) {
    head = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
    v4.push(...dotted[2].split('.').map(Number));
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16)) : []);
  const l = groups(left);
  const r = groups(right);
  const total = 8 - (v4.length ? 2 : 0);
  const words = right === undefined ? l : [...l, ...Array<number>(total - l.length - r.length).fill(0), ...r];
  if (words.length !== total) return null;
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  if (v4.length) bytes.set(v4, 12);
  return bytes;
}

const ipv4At = (b: Uint8Array, at: number, xor = 0) => [0, 1, 2, 3].map((i) => b[at + i] ^ xor).join('.');
const zero = (b: Uint8Array, from: number, to: number) => b.subarray(from, to).every((x) => x === 0);

/**
 * The IPv4 addresses an IPv6 address carries, for the forms that reach an IPv4 host through it:
 * IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible `::a.b.c.d` (what `[::127.0.0.1]` becomes),
 * IPv4-translated `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:AABB:CCDD::` and
 * Teredo `2001:0:SSSS:SSSS::~CCCC:~CCCC` (server and, inverted, client). Empty for others.
 */
export function embeddedIpv4(address: string): string[] {
  const b = ipv6Bytes(address);
  if (!b) return [];
  const word = (i: number) => (b[2 * i] << 8) | b[2 * i + 1];
  if (zero(b, 0, 10) && word(5) === 0xffff) return [ipv4At(b, 12)];
  if (zero(b, 0, 12)) return [ipv4At(b, 12)]; // :: and ::1 become 0.0.0.0 and 0.0.0.1: not public either
  if (zero(b, 0, 8) && word(4) === 0xffff && word(5) === 0) return [ipv4At(b, 12)];
  if (word(0) === 0x64 && word(1) === 0xff9b && zero(b, 4, 12)) return [ipv4At(b, 12)];
  if (word(0) === 0x2002) return [ipv4At(b, 2)];
  if (word(0) === 0x2001 && word(1) === 0) return [ipv4At(b, 4), ipv4At(b, 12, 0xff)];
  return [];
}

/**
 * Whether an IP address (v4 or v6) is a public one. An IPv6 address that carries an IPv4 one
 * (mapped, compatible, NAT64, 6to4, Teredo: see embeddedIpv4) is public only if that IPv4
 * address is, so `[::127.0.0.1]` or `[64:ff9b::10.0.0.1]` cannot reach inside.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  if (NON_PUBLIC.check(address.replace(/%.*$/, ''), 'ipv6')) return false;
  return embeddedIpv4(address).every((v4) => !NON_PUBLIC.check(v4, 'ipv4'));
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
        // The address is not named: the delivery log must not tell what a name resolves to inside.
        return callback(new NonPublicAddressError(`${hostname} resolves to a non-public address`), []);
      }
      if (options.all) callback(null, list);
      else callback(null, list[0].address, list[0].family);
    });
}
