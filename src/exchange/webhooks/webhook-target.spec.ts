import type { LookupAddress } from 'node:dns';
import { guardLookup, ipLiteralOf, isPublicAddress, NonPublicAddressError } from './webhook-target';

describe('webhook targets', () => {
  it('tells public addresses from loopback, private, link-local, reserved and mapped ones', () => {
    for (const ip of ['8.8.8.8', '203.1.113.7', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect({ ip, public: isPublicAddress(ip) }).toEqual({ ip, public: true });
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not an ip']) {
      expect({ ip, public: isPublicAddress(ip) }).toEqual({ ip, public: false });
    }
    expect(isPublicAddress('172.32.0.1')).toBe(true);
  });

  it('finds IP literals in URLs, IPv6 in brackets included', () => {
    expect(ipLiteralOf(new URL('http://10.0.0.1:8080/x'))).toBe('10.0.0.1');
    expect(ipLiteralOf(new URL('http://[::1]/x'))).toBe('::1');
    expect(ipLiteralOf(new URL('https://province.example/x'))).toBeNull();
  });

  it('a connection lookup passes public addresses on, in both callback forms, and refuses a name with any inward address', () => {
    const resolving = (addresses: LookupAddress[]) => guardLookup((_h, _o, cb) => cb(null, addresses));
    const calls: unknown[][] = [];
    resolving([{ address: '203.1.113.7', family: 4 }])('province.example', {}, (...args) => calls.push(args));
    resolving([{ address: '203.1.113.7', family: 4 }])('province.example', { all: true }, (...args) => calls.push(args));
    expect(calls).toEqual([
      [null, '203.1.113.7', 4],
      [null, [{ address: '203.1.113.7', family: 4 }]],
    ]);
    let refused: unknown;
    resolving([{ address: '203.1.113.7', family: 4 }, { address: '10.0.0.5', family: 4 }])('rebound.example', {}, (err) => (refused = err));
    expect(refused).toBeInstanceOf(NonPublicAddressError);
    expect((refused as Error).message).toContain('10.0.0.5');
  });
});
