import type { LookupAddress } from 'node:dns';
import { describeFailure } from './webhook-sender';
import { embeddedIpv4, guardLookup, ipLiteralOf, ipv6Bytes, isPublicAddress, NonPublicAddressError } from './webhook-target';

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
    // The log says that the name points inward, never where: that would map the network behind it.
    expect((refused as Error).message).toContain('rebound.example');
    expect((refused as Error).message).not.toContain('10.0.0.5');
    for (const address of ['64:ff9b::a00:5', '::ffff:a00:5', '2002:a00:5::1']) {
      let err: unknown;
      resolving([{ address, family: 6 }])('nat64.example', {}, (e) => (err = e));
      expect({ address, refused: err instanceof NonPublicAddressError, text: describeFailure(err, 1000) }).toEqual({
        address,
        refused: true,
        text: 'WEBHOOK_NON_PUBLIC_ADDRESS: nat64.example resolves to a non-public address (WEBHOOK_PRIVATE_TARGETS)',
      });
    }
  });

  it('decodes the IPv4 address inside IPv6 forms and applies the IPv4 rules to it', () => {
    expect(Array.from(ipv6Bytes('::ffff:127.0.0.1')!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
    expect(Array.from(ipv6Bytes('2001:db8::8:800:200c:417a')!)).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 8, 8, 0, 0x20, 0x0c, 0x41, 0x7a]);
    expect(ipv6Bytes('1::2::3')).toBeNull();
    const cases: [string, string[]][] = [
      ['::ffff:7f00:1', ['127.0.0.1']], // [::ffff:127.0.0.1] as URL writes it
      ['::7f00:1', ['127.0.0.1']], // [::127.0.0.1]
      ['::127.0.0.1', ['127.0.0.1']],
      ['::ffff:0:a00:1', ['10.0.0.1']], // IPv4-translated
      ['64:ff9b::a9fe:a9fe', ['169.254.169.254']], // NAT64
      ['2002:c0a8:101::1', ['192.168.1.1']], // 6to4
      ['2001:0:4136:e378:8000:63bf:f5ff:fffe', ['65.54.227.120', '10.0.0.1']], // Teredo: server, client (inverted)
      ['2606:4700::1111', []],
    ];
    for (const [ip, v4] of cases) expect({ ip, v4: embeddedIpv4(ip) }).toEqual({ ip, v4 });
    for (const ip of ['::ffff:7f00:1', '::7f00:1', '::0.0.0.2', '64:ff9b::a00:1', '64:ff9b::7f00:1', '64:ff9b:1::8.8.8.8', '2002:7f00:1::1', '2002:a9fe:a9fe::', '2001:0:4136:e378:8000:63bf:f5ff:fffe', '2001:0:a00:1::808:808']) {
      expect({ ip, public: isPublicAddress(ip) }).toEqual({ ip, public: false });
    }
    for (const ip of ['64:ff9b::808:808', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', '::ffff:808:808']) {
      expect({ ip, public: isPublicAddress(ip) }).toEqual({ ip, public: true });
    }
    // As URLs write them.
    for (const url of ['http://[::127.0.0.1]/', 'http://[::ffff:127.0.0.1]/', 'http://[64:ff9b::10.0.0.1]/', 'http://[2002:7f00:1::1]/', 'http://[::ffff:0:10.0.0.1]/']) {
      expect({ url, public: isPublicAddress(ipLiteralOf(new URL(url))!) }).toEqual({ url, public: false });
    }
  });

  it('describes a failed delivery without the address a name resolved to', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 10.9.8.7:443'), { code: 'ECONNREFUSED' }) });
    expect(describeFailure(refused, 1000)).toBe('ECONNREFUSED: connection refused');
    const odd = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('tls: 10.9.8.7 and fd00::5 said no'), { code: 'ERR_ODD' }) });
    expect(describeFailure(odd, 1000)).toBe('ERR_ODD: tls: [address] and [address] said no');
    expect(describeFailure(new Error('at [::1]:8080 or ::ffff:10.0.0.1'), 1000)).toBe('Error: at [address] or [address]');
  });
});
