import { describe, expect, it } from 'vitest';
import { compileFilter, type CompiledFilter } from '../../../src/lib/filter';
import { conversation } from './conversations';

const SYN_ACK = 0x12;
const RST = 0x04;
const PSH = 0x08;

const google = conversation({ id: 1, clientAddress: '10.0.0.5', clientPort: 51000, serverAddress: '8.8.8.8', serverPort: 443, tcpFlags: SYN_ACK | PSH, tlsServerName: 'wu2.frontend.clouddatahub.net' });
const node = conversation({ id: 2, clientAddress: '10.0.0.5', clientPort: 52000, serverAddress: '10.0.0.9', serverPort: 8060, state: 'refused', resetBy: 'server', packetsToClient: 1, tcpFlags: SYN_ACK | RST });
const unanswered = conversation({
  id: 3,
  clientAddress: '10.0.0.7',
  clientPort: 53000,
  serverAddress: '8.8.4.4',
  serverPort: 1433,
  state: 'no-answer',
  packetsToClient: 0,
  packets: 3,
  packetsToServer: 3,
  synRetransmits: 2,
  tcpFlags: 0x02,
});
const injected = conversation({
  id: 4,
  clientAddress: '10.0.0.5',
  clientPort: 54000,
  serverAddress: '20.38.1.1',
  serverPort: 443,
  state: 'reset',
  resetBy: 'path',
  tcpFlags: SYN_ACK | RST,
});
const ipv6 = conversation({ id: 5, clientAddress: '2001:db8::10', clientPort: 55000, serverAddress: '2001:db8:0:0:0:0:0:1', serverPort: 443, tlsServerName: 'contoso-relay.servicebus.windows.net' });
const midStream = conversation({ id: 6, clientAddress: '10.0.0.5', clientPort: 56000, serverAddress: '10.1.2.3', serverPort: 445, state: 'mid-stream', tcpFlags: 0x10 });
const all = [google, node, unanswered, injected, ipv6, midStream];

function compiled(expression: string): Extract<CompiledFilter, { ok: true }> {
  const result = compileFilter(expression);
  if (!result.ok) throw new Error(`${expression}: ${result.problem.message}`);
  return result;
}
function matchingIds(expression: string): number[] {
  const { matches } = compiled(expression);
  return all.filter(matches).map((item) => item.id);
}
function problem(expression: string) {
  const result = compileFilter(expression);
  if (result.ok) throw new Error(`${expression} should have been rejected`);
  return result.problem;
}

describe('Wireshark dialect', () => {
  it('matches an address on either side', () => {
    expect(matchingIds('ip.addr == 8.8.8.8')).toEqual([1]);
    expect(matchingIds('ip.addr == 10.0.0.5')).toEqual([1, 2, 4, 6]);
  });
  it('reads source and destination from the packets each side sent', () => {
    // 8.8.4.4 never answered, so it never was a source.
    expect(matchingIds('ip.src == 8.8.4.4')).toEqual([]);
    expect(matchingIds('ip.dst == 8.8.4.4')).toEqual([3]);
    expect(matchingIds('ip.src == 8.8.8.8')).toEqual([1]);
  });
  it('compares ports, including ordered comparisons and sets', () => {
    expect(matchingIds('tcp.port == 8060')).toEqual([2]);
    expect(matchingIds('tcp.dstport == 443')).toEqual([1, 4, 5]);
    expect(matchingIds('tcp.srcport == 1433')).toEqual([]);
    expect(matchingIds('tcp.dstport lt 1000')).toEqual([1, 4, 5, 6]);
    expect(matchingIds('tcp.port in {445 1433}')).toEqual([3, 6]);
    expect(matchingIds('tcp.port in {8000..8100, 445}')).toEqual([2, 6]);
    expect(matchingIds('tcp.port == 0x1f7c')).toEqual([2]);
  });
  it('reads the flags seen in any packet of the conversation', () => {
    expect(matchingIds('tcp.flags.reset == 1')).toEqual([2, 4]);
    expect(matchingIds('tcp.flags.reset')).toEqual([2, 4]);
    expect(matchingIds('tcp.flags.reset == 0')).toEqual([1, 3, 5, 6]);
    expect(matchingIds('tcp.flags.syn == 1')).toEqual([1, 2, 3, 4, 5]);
    expect(matchingIds('tcp.analysis.retransmission')).toEqual([3]);
    expect(matchingIds('tcp.flags.ack')).toEqual([1, 2, 4, 5, 6]);
    expect(matchingIds('tcp.flags.push == 1')).toEqual([1]);
    expect(matchingIds('TCP.Flags.Push && TCP.Flags.Ack')).toEqual([1]);
    expect(matchingIds('tcp.flags.urg || TCP.Flags.Urgent || tcp.flags.ece || tcp.flags.cwr')).toEqual([]);
  });
  it('combines with &&, ||, !, words and parentheses', () => {
    expect(matchingIds('ip.addr == 10.0.0.5 && tcp.flags.reset == 1')).toEqual([2, 4]);
    expect(matchingIds('ip.addr == 10.0.0.5 and not tcp.port == 8060')).toEqual([1, 4, 6]);
    expect(matchingIds('tcp.port == 1433 || tcp.port eq 8060')).toEqual([2, 3]);
    expect(matchingIds('!(ip.addr == 10.0.0.5) && ip')).toEqual([3]);
    // and binds tighter than or
    expect(matchingIds('tcp.port == 1433 or ip.addr == 10.0.0.5 and tcp.port == 8060')).toEqual([2, 3]);
    expect(matchingIds('(tcp.port == 1433 or ip.addr == 10.0.0.5) and tcp.port == 8060')).toEqual([2]);
  });
  it('needs no spaces around operators', () => {
    expect(matchingIds('ip.addr==10.0.0.5&&tcp.port==8060')).toEqual([2]);
    expect(matchingIds('!tcp.flags.reset||tcp.port==8060')).toEqual([1, 2, 3, 5, 6]);
    expect(matchingIds('ipv6.addr==2001:db8::1&&tcp.port==443')).toEqual([5]);
  });
  it('treats != as the negation of ==', () => {
    expect(matchingIds('ip.addr != 10.0.0.5')).toEqual([3, 5]);
    expect(matchingIds('ip.addr ne 10.0.0.5')).toEqual(matchingIds('!ip.addr == 10.0.0.5'));
  });
  it('matches IPv4 networks', () => {
    expect(matchingIds('ip.dst == 8.8.0.0/16')).toEqual([1, 3]);
    expect(matchingIds('ip.addr == 0.0.0.0/0')).toEqual([1, 2, 3, 4, 6]);
  });
  it('matches IPv6 whatever the spelling', () => {
    expect(matchingIds('ipv6.addr == 2001:db8::1')).toEqual([5]);
    expect(matchingIds('ipv6.addr == 2001:0DB8:0000::0001')).toEqual([5]);
    expect(matchingIds('ipv6.src == 2001:db8::/32')).toEqual([5]);
    expect(matchingIds('ipv6')).toEqual([5]);
  });
});

describe('TLS server names', () => {
  it('compares names without regard to case, quoted or not, and finds parts of them with contains', () => {
    expect(matchingIds('tls.handshake.extensions_server_name == "contoso-relay.servicebus.windows.net"')).toEqual([5]);
    expect(matchingIds('tls.handshake.extensions_server_name == WU2.Frontend.ClouddataHub.net')).toEqual([1]);
    expect(matchingIds('tls.handshake.extensions_server_name contains "servicebus"')).toEqual([5]);
    expect(matchingIds('ssl.handshake.extensions_server_name contains ".NET"')).toEqual([1, 5]);
    expect(matchingIds('tls.handshake.extensions_server_name in {"a.example" "wu2.frontend.clouddatahub.net"}')).toEqual([1]);
  });
  it('alone means a ClientHello named a server; != keeps the conversations that never named it', () => {
    expect(matchingIds('tls.handshake.extensions_server_name')).toEqual([1, 5]);
    expect(matchingIds('!tls.handshake.extensions_server_name && tcp.port == 443')).toEqual([4]);
    expect(matchingIds('tls.handshake.extensions_server_name != "wu2.frontend.clouddatahub.net"')).toEqual([2, 3, 4, 5, 6]);
  });
  it('reads \\" and \\\\ inside quotes and points at quotes left open', () => {
    expect(matchingIds('tls.handshake.extensions_server_name == "wu2.frontend\\.clouddatahub.net"')).toEqual([1]);
    expect(problem('tls.handshake.extensions_server_name == "wu2')).toMatchObject({ start: 40, length: 4 });
    expect(problem('tls.handshake.extensions_server_name == "wu2').message).toMatch(/not closed/);
    expect(problem('tls.handshake.extensions_server_name == ""').message).toMatch(/empty quotes/);
    expect(problem('tcp.port contains 44').message).toMatch(/only names take "contains"/);
  });
});

describe('proxy tunnels', () => {
  const relay = conversation({ id: 7, clientAddress: '10.0.0.5', serverAddress: '10.0.0.2', serverPort: 3128, proxyTarget: 'contoso-relay.servicebus.windows.net:443', proxyStatus: 403 });
  const service = conversation({ id: 8, clientAddress: '10.0.0.5', serverAddress: '10.0.0.2', serverPort: 3128, proxyTarget: 'wu2.frontend.clouddatahub.net:443', proxyStatus: 200 });
  const waiting = conversation({ id: 9, clientAddress: '10.0.0.5', serverAddress: '10.0.0.2', serverPort: 3128, proxyTarget: 'contosoblob.blob.core.windows.net:443' });
  const tunnels = [...all, relay, service, waiting];
  const ids = (expression: string) => tunnels.filter(compiled(expression).matches).map((candidate) => candidate.id);

  it('reads the CONNECT target, the method and the proxy\'s answer as Wireshark names them', () => {
    expect(ids('http.request.uri contains "servicebus"')).toEqual([7]);
    expect(ids('http.request.uri == "WU2.frontend.clouddatahub.net:443"')).toEqual([8]);
    expect(ids('http.request.method == "CONNECT"')).toEqual([7, 8, 9]);
    expect(ids('http.response.code == 403')).toEqual([7]);
    expect(ids('http.response.code != 200 && http.request.uri')).toEqual([7, 9]);
  });
});

describe('Network Monitor dialect', () => {
  it('accepts Network Monitor names in any case', () => {
    expect(matchingIds('IPv4.Address == 8.8.8.8')).toEqual([1]);
    expect(matchingIds('ipv4.address == 8.8.8.8')).toEqual([1]);
    expect(matchingIds('IPv4.SourceAddress == 10.0.0.7')).toEqual([3]);
    expect(matchingIds('IPv4.DestinationAddress == 10.0.0.9')).toEqual([2]);
    expect(matchingIds('TCP.Port == 8060')).toEqual([2]);
    expect(matchingIds('TCP.SrcPort == 8060')).toEqual([2]);
    expect(matchingIds('TCP.DstPort == 8060')).toEqual([2]);
    expect(matchingIds('IPv6.Address == 2001:db8::10')).toEqual([5]);
  });
  it('accepts capitalised word operators', () => {
    expect(matchingIds('IPv4.Address == 10.0.0.5 AND NOT TCP.Port == 443')).toEqual([2, 6]);
    expect(matchingIds('TCP.Port == 1433 OR TCP.Port == 445')).toEqual([3, 6]);
  });
});

describe('errors point at the bad token', () => {
  it('names an unknown field and where it starts', () => {
    const result = problem('ip.addr == 1.2.3.4 && tcp.prot == 80');
    expect(result.message).toMatch(/unknown field "tcp.prot"/);
    expect(result.message).toMatch(/tcp.port/);
    expect(result.start).toBe(22);
    expect(result.length).toBe('tcp.prot'.length);
  });
  it('rejects a value of the wrong kind', () => {
    expect(problem('ip.addr == 8060')).toMatchObject({ start: 11, length: 4 });
    expect(problem('ip.addr == 2001:db8::1').message).toMatch(/ipv6.addr/);
    expect(problem('ipv6.addr == 8.8.8.8').message).toMatch(/ip.addr/);
    expect(problem('ip.addr == 300.1.1.1').message).toMatch(/not an IPv4 address/);
    expect(problem('tcp.port == 70000').message).toMatch(/not a port/);
    expect(problem('tcp.flags.reset == 2').message).toMatch(/1 or 0/);
  });
  it('explains a single =', () => {
    expect(problem('tcp.port = 80')).toMatchObject({ start: 9, length: 1 });
    expect(problem('tcp.port = 80').message).toMatch(/==/);
  });
  it('points at the end when something is missing', () => {
    expect(problem('ip.addr ==')).toMatchObject({ start: 10 });
    expect(problem('(tcp.port == 80')).toMatchObject({ start: 15 });
    expect(problem('(tcp.port == 80').message).toMatch(/column 1/);
    expect(problem('tcp.port == 80 &&')).toMatchObject({ start: 17 });
  });
  it('rejects junk between conditions and unknown characters', () => {
    expect(problem('tcp.port == 80 tcp.port == 81')).toMatchObject({ start: 15 });
    expect(problem('tcp.port == 80 tcp.port == 81').message).toMatch(/&&/);
    expect(problem('tcp.port == 80 # comment')).toMatchObject({ start: 15, length: 1 });
    expect(problem('ip.addr < 1.2.3.4').message).toMatch(/only be compared with == or !=/);
    expect(problem('tcp.port')).toMatchObject({ start: 8 });
    expect(problem('   ').message).toMatch(/empty/);
    expect(problem('tcp.port in {}').message).toMatch(/empty/);
    expect(problem('tcp.port in {9..1}').message).toMatch(/before it starts/);
  });
});
