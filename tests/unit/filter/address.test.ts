import { describe, expect, it } from 'vitest';
import { addressMatches, parseAddressPattern, parseIpv4, parseIpv6 } from '../../../src/lib/filter/address';

describe('address parsing', () => {
  it('reads dotted IPv4 and refuses malformed ones', () => {
    expect(parseIpv4('8.8.8.8')).toBe(0x08080808);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    for (const bad of ['8.8.8', '8.8.8.8.8', '256.1.1.1', '1.2.3.x', '1..2.3']) expect(parseIpv4(bad)).toBeNull();
  });
  it('reads every IPv6 text form to the same words', () => {
    const expected = Array.from(parseIpv6('2001:db8:0:0:0:0:0:1')!);
    expect(expected).toEqual([0x20010db8, 0, 0, 1]);
    expect(Array.from(parseIpv6('2001:DB8::1')!)).toEqual(expected);
    expect(Array.from(parseIpv6('::1')!)).toEqual([0, 0, 0, 1]);
    expect(Array.from(parseIpv6('::')!)).toEqual([0, 0, 0, 0]);
    expect(Array.from(parseIpv6('::ffff:10.0.0.1')!)).toEqual([0, 0, 0xffff, 0x0a000001]);
    expect(Array.from(parseIpv6('64:ff9b::192.0.2.33')!)).toEqual([0x0064ff9b, 0, 0, 0xc0000221]);
    for (const bad of ['1:2:3', '1::2::3', 'g::1', '1:2:3:4:5:6:7:8:9', '12345::1']) expect(parseIpv6(bad)).toBeNull();
  });
  it('matches network prefixes bit by bit', () => {
    const network = parseAddressPattern('10.128.0.0/9')!;
    expect(addressMatches(network, Uint32Array.of(0, 0, 0, parseIpv4('10.200.1.1')!))).toBe(true);
    expect(addressMatches(network, Uint32Array.of(0, 0, 0, parseIpv4('10.127.1.1')!))).toBe(false);
    const ipv6Network = parseAddressPattern('2001:db8:8000::/33')!;
    expect(addressMatches(ipv6Network, parseIpv6('2001:db8:ffff::1')!)).toBe(true);
    expect(addressMatches(ipv6Network, parseIpv6('2001:db8:7fff::1')!)).toBe(false);
    expect(parseAddressPattern('10.0.0.0/33')).toBeNull();
    expect(parseAddressPattern('::/129')).toBeNull();
  });
});
