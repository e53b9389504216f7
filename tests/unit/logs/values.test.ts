import { describe, expect, it } from 'vitest';
import { isHostName, isIPv4, isIPv6, parseUrl } from '../../../src/lib/logs/values';

describe('value checks', () => {
  it('accepts IPv6 in its full, compressed, zoned and IPv4-suffixed forms only', () => {
    for (const address of ['2001:db8:0:0:0:0:0:1', '2001:db8::1', '::1', 'fe80::1%12', '::ffff:10.1.2.3', '64:ff9b::192.0.2.33']) expect(isIPv6(address), address).toBe(true);
    for (const text of ['10:30:00', '00:1a:2b:3c:4d:5e', '1::2::3', '2001:db8:0:0:0:0:0:0:1', '12345::1', 'fe80::1%a b', '::ffff:300.1.2.3', 'dead:beef']) expect(isIPv6(text), text).toBe(false);
  });

  it('accepts dotted quads within range only', () => {
    expect(isIPv4('10.2.4.10')).toBe(true);
    expect(isIPv4('256.1.1.1')).toBe(false);
    expect(isIPv4('1.2.3')).toBe(false);
  });

  it('accepts host names by label syntax and rejects numbers and shell syntax', () => {
    for (const name of ['azranlcir01r1', 'SHIR-NODE2.contoso.local', 'sql_01.corp', 'wu2.frontend.clouddatahub.net.']) expect(isHostName(name), name).toBe(true);
    for (const text of ['10.2.4.10', "evil';calc", 'a..b', '-lead.example', 'x'.repeat(64), '$(calc)']) expect(isHostName(text), text).toBe(false);
  });

  it('parses URLs like a browser and gives the host without IPv6 brackets', () => {
    expect(parseUrl('net.tcp://xxxxxxx.bwld.com:8060/ExternalService.svc/WorkerManager')).toMatchObject({ scheme: 'net.tcp', host: 'xxxxxxx.bwld.com', port: 8060 });
    expect(parseUrl('https://[2001:db8::2]:8443/a')).toMatchObject({ host: '2001:db8::2', port: 8443 });
    expect(parseUrl("https://x.example/a b'c")?.href).toBe("https://x.example/a%20b'c");
    expect(parseUrl('https://exa mple.com/')).toBeNull();
  });
});
