import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import { escapeMarkdownText, markdownCode, reportToMarkdown } from '../../../src/lib/capture/export-markdown';
import type { CaptureReport } from '../../../src/lib/capture/report';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { memorySource } from '../../../src/lib/io/memory-source';

interface TruthReset {
  src: string;
  srcPort: number;
  time: string;
}
interface Truth {
  tcp: { conversations: Array<{ client: string; server: string }>; resets: TruthReset[] };
}

/** "22:25:31.774687": tshark's nanosecond time cut to the microsecond, as the tables print it. */
function microsecondTimeOfDay(iso: string): string {
  return iso.slice(iso.indexOf('T') + 1, iso.indexOf('T') + 16);
}

function wholeTime(iso: string): string {
  return `${iso.slice(0, 10)} ${microsecondTimeOfDay(iso)} UTC`;
}

/** Which end tshark's conversation list names as the reset's source (IPv6 ends are bracketed there). */
function sideOf(truth: Truth, reset: TruthReset): 'client' | 'server' {
  const source = reset.src.includes(':') ? `[${reset.src}]:${reset.srcPort}` : `${reset.src}:${reset.srcPort}`;
  const conversation = truth.tcp.conversations.find((candidate) => candidate.client === source || candidate.server === source);
  if (!conversation) throw new Error(`no conversation in the truth holds ${source}`);
  return conversation.server === source ? 'server' : 'client';
}

/** A report around hostile strings, as a capture could carry them in file names, DNS names and SNI. */
function hostileReport(): CaptureReport {
  const hostileName = 'evil`name|<img src=x onerror=alert(1)>\n# heading';
  return {
    files: [{ name: '[click](http://evil.example)|x.pcap', format: 'pcap', version: '2.4', linkTypes: [1], packets: 3, bytes: 300, skipped: {}, fault: null }],
    packets: 3,
    firstTime: '2024-01-01T00:00:00.000001Z',
    lastTime: '2024-01-01T00:00:01.000001Z',
    damage: null,
    tcp: { conversations: [], resets: [], synRetransmissions: 0, packets: 0, duplicatePackets: 0 },
    udp: { packets: 3 },
    dns: { queries: 1, responses: 1, failures: [{ name: hostileName, rcode: 'NXDOMAIN', rcodeValue: 3, server: '10.0.0.1', frame: 2, time: '2024-01-01T00:00:00.5Z' }] },
    tls: { serverNames: ['``www.evil.example``'], alerts: [] },
    icmp: { errors: [] },
    hosts: [],
    findings: [
      {
        kind: 'dns-failure',
        severity: 'error',
        summary: `The name ${hostileName} does not exist (NXDOMAIN), see https://evil.example`,
        step: '/traces/read/#read-dns',
        evidence: { frames: [2] },
      },
    ],
    undecoded: {},
  };
}

/** Strips code spans the way a CommonMark renderer reads them, leaving the text a reader would see as markup. */
function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(`+)[^`]*?(?:`(?!\1)[^`]*?)*\1/g, '');
}

describe('Markdown escaping', () => {
  it('escapes inline markup and defuses links in sentences', () => {
    expect(escapeMarkdownText('a*b_c[d](e)<f>|g & h')).toBe('a\\*b\\_c\\[d\\](e)\\<f>\\|g \\& h');
    expect(escapeMarkdownText('see https://x.example or www.y.example')).toBe('see https\\://x.example or www\\.y.example');
    expect(escapeMarkdownText('two\nlines\r\u2028')).toBe('two lines ');
  });
  it('fences code spans longer than any backtick run inside', () => {
    expect(markdownCode('plain')).toBe('`plain`');
    expect(markdownCode('a`b')).toBe('``a`b``');
    expect(markdownCode('``x``')).toBe('``` ``x`` ```');
    expect(markdownCode('a|b')).toBe('`a\\|b`');
  });
});

describe('reportToMarkdown', () => {
  const markdown = reportToMarkdown(hostileReport(), { baseUrl: 'https://guide.example/' });

  it('keeps every untrusted string out of live markup', () => {
    const live = outsideCodeSpans(markdown);
    expect(live).not.toMatch(/<img/);
    expect(live).not.toMatch(/\[click\]/);
    expect(live).not.toMatch(/^# heading/m);
    expect(markdown).not.toMatch(/evil`name\|/);
    expect(markdown).toContain('``evil`name\\|<img src=x onerror=alert(1)> # heading``');
  });
  it('keeps table rows on one line each', () => {
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    for (const row of rows) expect(row.endsWith(' |')).toBe(true);
    expect(rows.some((row) => row.includes('NXDOMAIN'))).toBe(true);
  });
  it('links findings to absolute guide steps', () => {
    expect(markdown).toContain('[Guide step](https://guide.example/traces/read/#read-dns)');
    expect(markdown).toContain('- **Problem** — ');
    expect(markdown).toContain('Frame 2.');
  });
  it('states the time span and counts', () => {
    expect(markdown).toContain('3 packets from 2024-01-01 00:00:00.000001 UTC to 2024-01-01 00:00:01.000001 UTC; 0 TCP conversations.');
  });
});

describe('reportToMarkdown on a real capture', () => {
  it('summarises the middlebox-reset fixture as tshark reads it', async () => {
    const directory = 'tests/fixtures/capture/middlebox-reset';
    const truth = JSON.parse(readFileSync(`${directory}/middlebox-reset.pcapng.expected.json`, 'utf8'));
    const report = await analyzeCapture([memorySource('middlebox-reset.pcapng', new Uint8Array(readFileSync(`${directory}/middlebox-reset.pcapng`)))]);
    const markdown = reportToMarkdown(report);
    expect(markdown).toContain(`${truth.packets} packets from ${wholeTime(truth.firstTime)} to ${wholeTime(truth.lastTime)}; ${truth.tcp.conversations.length} TCP conversations.`);
    expect(markdown).toContain(`| \`middlebox-reset.pcapng\` | pcapng 1.0 | ${truth.packets} |`);
    const reset = truth.tcp.resets[0];
    expect(markdown).toContain(`**1 reset from a device on the path, posing as the ${sideOf(truth, reset)}.** Most likely sent by a device on the path`);
    expect(markdown).toContain(
      `| ${reset.frame} | ${microsecondTimeOfDay(reset.time)} | \`${reset.src}:${reset.srcPort}\` | \`${reset.dst}:${reset.dstPort}\` | ${reset.ttl} | ${reset.initialTtl} | ${reset.hops} |`,
    );
    // The state names who reset it, as the page's column does: the device on the path, which the fixture was built to show.
    const conversation = truth.tcp.conversations[0];
    expect(markdown).toContain(`| \`${conversation.client}\` | \`${conversation.server}\` | ${conversation.state} (path) | ${conversation.packets} |`);
    const links = [...markdown.matchAll(/\[Guide step\]\(([^)]+)\)/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(Object.values(GUIDE_STEPS)).toContain(link);
  });

  it('writes an IPv6 reset\'s endpoints in brackets, as tshark\'s conversations are written', async () => {
    const directory = 'tests/fixtures/capture/ipv6';
    const truth = JSON.parse(readFileSync(`${directory}/ipv6.pcapng.expected.json`, 'utf8'));
    const report = await analyzeCapture([memorySource('ipv6.pcapng', new Uint8Array(readFileSync(`${directory}/ipv6.pcapng`)))]);
    const refused = truth.tcp.conversations.find((conversation: { state: string }) => conversation.state === 'refused');
    const [reset] = truth.tcp.resets;
    expect(reset.src).toContain(':');
    expect(reportToMarkdown(report)).toContain(`| ${reset.frame} | ${microsecondTimeOfDay(reset.time)} | \`${refused.server}\` | \`${refused.client}\` |`);
  });

  it('names what each connection asked for: the TLS name, or the proxy tunnel and its answer', async () => {
    const directory = 'tests/fixtures/capture';
    const read = async (scenario: string) => {
      const file = `${scenario}.pcapng`;
      const truth = JSON.parse(readFileSync(`${directory}/${scenario}/${file}.expected.json`, 'utf8'));
      const report = await analyzeCapture([memorySource(file, new Uint8Array(readFileSync(`${directory}/${scenario}/${file}`)))]);
      return { truth, markdown: reportToMarkdown(report) };
    };
    const proxy = await read('proxy-connect');
    for (const tunnel of proxy.truth.proxyTunnels) {
      const { client } = proxy.truth.tcp.conversations[tunnel.stream];
      const row = proxy.markdown.split('\n').find((line: string) => line.startsWith(`| \`${client}\` |`));
      expect(row).toContain(`CONNECT \`${tunnel.target}\` (proxy answered ${tunnel.statuses.at(-1)}) |`);
    }
    const tls = await read('tls-sni');
    for (const name of tls.truth.tls.serverNames) expect(tls.markdown).toContain(`| \`${name}\` |`);
  });

  it.each([
    ['reset-on-close', 'answering a FIN'],
    ['reset-crossing-fin', 'crossing a FIN'],
  ])('says how a reset in %s met the other end\'s close, as tshark\'s flags show', async (scenario, label) => {
    const directory = `tests/fixtures/capture/${scenario}`;
    const truth = JSON.parse(readFileSync(`${directory}/${scenario}.pcapng.expected.json`, 'utf8'));
    const report = await analyzeCapture([memorySource(`${scenario}.pcapng`, new Uint8Array(readFileSync(`${directory}/${scenario}.pcapng`)))]);
    const [reset] = truth.tcp.resets;
    expect(reset.afterPeerFin || reset.crossedPeerFin).toBe(true);
    expect(reset.sentBy).toBe('peer');
    const markdown = reportToMarkdown(report);
    expect(markdown).toContain(`**1 reset sent by the ${sideOf(truth, reset)}, ${label} — routine.**`);
    expect(markdown).toContain(`| ${reset.frame} | ${microsecondTimeOfDay(reset.time)} | \`${reset.src}:${reset.srcPort}\` | \`${reset.dst}:${reset.dstPort}\` | ${reset.ttl} | ${reset.initialTtl} | ${reset.hops} |`);
  });
});
