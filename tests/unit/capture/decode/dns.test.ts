import { describe, expect, it } from 'vitest';
import { DnsHeader, dnsMessageProblem, readDnsHeader, readDnsName, readDnsQuestionName } from '../../../../src/lib/capture/decode/dns';
import { dnsQuery, dnsResponse } from '../analyze/frame-builder';

describe('DNS messages', () => {
  it('reads the header and the first question', () => {
    const response = dnsResponse(0xbeef, 'nope.contoso.example', 3);
    const header = new DnsHeader();
    readDnsHeader(response, 0, response.length, header);
    expect(header).toMatchObject({ id: 0xbeef, response: true, rcode: 3, questions: 1, answers: 0 });
    expect(readDnsQuestionName(response, 0, response.length)).toBe('nope.contoso.example');
  });

  it('follows a compression pointer back to the question name', () => {
    const response = dnsResponse(1, 'a.example', 0);
    const answerName = 12 + 'a.example'.length + 2 + 4; // header, name, QTYPE/QCLASS
    expect(readDnsName(response, 0, response.length, answerName)).toBe('a.example');
  });

  it('rejects pointer loops, forward pointers and names running off the message', () => {
    const loop = Uint8Array.from([...dnsQuery(1, 'x').subarray(0, 12), 1, 0x61, 0xc0, 12]);
    expect(readDnsName(loop, 0, loop.length, 12)).toBeNull();
    const forward = Uint8Array.from([...dnsQuery(1, 'x').subarray(0, 12), 0xc0, 14, 0]);
    expect(readDnsName(forward, 0, forward.length, 12)).toBeNull();
    const cut = dnsQuery(1, 'example.com').subarray(0, 18);
    expect(readDnsName(cut, 0, cut.length, 12)).toBeNull();
  });

  it('caps a name at 255 bytes on the wire', () => {
    const labels = Array.from({ length: 5 }, () => [63, ...Array(63).fill(0x61)]).flat();
    const message = Uint8Array.from([...Array(12).fill(0), ...labels, 0]);
    expect(readDnsName(message, 0, message.length, 12)).toBeNull();
  });

  it('tells a malformed message from a well-formed one, naming what is wrong', () => {
    const problemOf = (message: Uint8Array, cut = false) => {
      const header = new DnsHeader();
      readDnsHeader(message, 0, message.length, header);
      return dnsMessageProblem(message, 0, message.length, header, cut);
    };
    const query = dnsQuery(7, 'sql01.contoso.example');
    expect(problemOf(query)).toBeNull();
    expect(problemOf(dnsResponse(7, 'sql01.contoso.example', 2))).toBeNull();
    const update = Uint8Array.from(query);
    update[2] = 5 << 3; // opcode UPDATE is assigned
    expect(problemOf(update)).toBeNull();
    expect(problemOf(query.subarray(0, 10))).toBe('10 bytes, shorter than the 12-byte header');
    // Cut by the snap length, only the flags were captured whole.
    expect(problemOf(query.subarray(0, 10), true)).toBeNull();
    expect(problemOf(query.subarray(0, 16), true)).toBeNull();
    const unassigned = Uint8Array.from(query);
    unassigned[2] = 0x80 | (15 << 3);
    unassigned[5] = 200;
    expect(problemOf(unassigned)).toBe(`unassigned opcode 15; 200 questions claimed in ${query.length - 12} bytes`);
    const badName = Uint8Array.from(query);
    badName[12] = 0x80; // an obsolete binary label
    expect(problemOf(badName)).toBe('a malformed question name');
    expect(problemOf(unassigned.subarray(0, 16), true)).toBe('unassigned opcode 15');
  });
});
