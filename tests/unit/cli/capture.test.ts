import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientToRemoteServer as path, T0 } from '../capture/analyze/analyze-helpers';
import { ACK, clientHello, dnsResponse, ethernet, fromClient, fromServer, ipv4, pcapFile, PSH, RST, SYN, udp } from '../capture/analyze/frame-builder';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/shir-doctor.mjs');
let folder = '';

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'capture', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'shir-doctor-cli-'));
  const refused = pcapFile([
    { bytes: fromClient(path, { flags: SYN, seq: 1 }), time: T0 },
    { bytes: fromServer(path, { flags: RST | ACK, ack: 2 }, 61), time: T0 + 0.001 },
  ]);
  writeFileSync(join(folder, 'refused.pcap'), refused);
  writeFileSync(join(folder, 'cut.pcap'), refused.subarray(0, refused.length - 5));
  writeFileSync(join(folder, 'later.pcap'), pcapFile([{ bytes: fromClient({ ...path, clientPort: 50999 }, { flags: SYN, seq: 9 }), time: T0 + 5 }]));
  writeFileSync(join(folder, 'notes.txt'), 'not a capture\n'.repeat(10));
  const hostile = dnsResponse(1, 'evil\u001b[31m.example', 3);
  writeFileSync(join(folder, 'hostile.pcap'), pcapFile([{ bytes: ethernet(ipv4('10.0.0.53', '10.0.0.9', 17, udp(53, 5000, hostile))), time: T0 }]));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('shir-doctor capture', () => {
  it('prints what the CLI reference shows for its sample trace', () => {
    const page = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../src/content/docs/reference/cli.mdx'), 'utf8');
    const shown = /readable summary[\s\S]*?```text\n([\s\S]*?)```/.exec(page)?.[1];
    const file = /^ {2}(\S+\.cap) /m.exec(shown ?? '')?.[1] ?? '';
    const { code, stdout } = run(resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/middlebox-reset', file));
    expect(code).toBe(0);
    expect(stdout).toBe(shown);
  });

  it('sets endings the findings rate information apart from failures and tells each kind of reset once', () => {
    const fixture = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/reset-after-close/reset-after-close.pcap');
    const { code, stdout } = run(fixture);
    expect(code).toBe(0);
    // reset-after-close.pcap.expected.json (tshark): the server's FIN (8), the client's late data, the server's RST (10).
    expect(stdout).toContain('Conversations that did not end cleanly (1; the findings rate it information only):\n  It is listed with the findings above as information (routine endings, or too little trace to judge)');
    expect(stdout).not.toMatch(/^ {2}#0 /m);
    expect(stdout).toContain('Resets (1):\n  1 reset sent by the server, after its own FIN — routine: frame 10  10.77.6.2:8080 -> 10.77.1.1:36530  TTL 123\n      Sent by 10.77.6.2 itself');
  });

  it('lists a handshake a fatal TLS alert ended among the failures, worded as the page words it', () => {
    const fixture = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/tls-alert/tls-alert.pcapng');
    const truth = JSON.parse(readFileSync(`${fixture}.expected.json`, 'utf8')) as {
      tcp: { conversations: Array<{ client: string; server: string }> };
      tls: { alerts: Array<{ src: string; dst: string; level: number }> };
    };
    // tshark's level 2 is fatal; each alert's connection, whichever end sent it.
    const refused = truth.tls.alerts.filter((alert) => alert.level === 2).map((alert) => [alert.src, alert.dst].sort().join(' '));
    const { stdout } = run(fixture);
    const listed = [...stdout.matchAll(/^ {2}#\d+ (\S+) -> (\S+) {2}closed \(TLS alert\) {2}/gm)].map((line) => [line[1], line[2]].sort().join(' '));
    expect(listed.sort()).toEqual(refused.sort());
    expect(stdout).toContain(`Conversations that did not end cleanly (${refused.length}):`);
  });

  it('counts only what the findings rate information as such, and lists the rest', () => {
    // A refused connection (an error) and a SYN the trace ends right after (too soon to tell: information).
    const { stdout } = run(join(folder, 'refused.pcap'), join(folder, 'later.pcap'));
    expect(stdout).toContain('Conversations that did not end cleanly (2; the findings rate 1 of them information only):\n  #0 10.0.0.9:50123 -> 10.20.30.40:443  refused');
    expect(stdout).toContain('  The other one is listed with the findings above as information');
    expect(stdout).not.toMatch(/harmless/);
  });

  it('states DNS look-ups by outcome beside the totals tshark shows', () => {
    const dns = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/dns/dns.pcapng');
    const truth = JSON.parse(readFileSync(`${dns}.expected.json`, 'utf8')).dns;
    // In this fixture every query has its own id and port and every answer is its look-up's first (see dns-lookups.test.ts).
    const resolved = truth.answers.filter((answer: { rcode: string }) => answer.rcode === 'NOERROR').length;
    const failed = truth.answers.length - resolved;
    expect(run(dns).stdout).toContain(
      `DNS: ${truth.queries} look-ups to DNS servers: ${truth.answers.length} answered (${resolved} resolved, ${failed} failed), ${truth.unanswered.length} unanswered\n` +
        `  Wireshark counts ${truth.queries} DNS queries and ${truth.responses} responses\n`,
    );
    // dns-late: one look-up on port 53; tshark also counts an LLMNR query and both answers again inside ICMP errors.
    const late = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/dns-late/dns-late.pcapng');
    const lateTruth = JSON.parse(readFileSync(`${late}.expected.json`, 'utf8')).dns;
    expect(run(late).stdout).toContain(
      `DNS: 1 look-up to a DNS server: 1 answered (1 resolved, 0 failed), 0 unanswered\n  Wireshark counts ${lateTruth.queries} DNS queries and ${lateTruth.responses} responses: it counts every DNS message`,
    );
    expect(run(join(folder, 'refused.pcap')).stdout).toContain('\nDNS: none\n');
  });

  it('says "TCP: none" for a trace tshark finds no TCP in, without counting resets that cannot exist', () => {
    const dns = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/dns/dns.pcap');
    expect(JSON.parse(readFileSync(`${dns}.expected.json`, 'utf8')).tcp.conversations).toEqual([]);
    expect(run(dns).stdout).toContain('\nTCP: none\n');
  });

  it('shows the first 10 TLS server names and counts the rest', () => {
    const names = Array.from({ length: 12 }, (_, index) => `host${index}.example`);
    const frames = names.map((name, index) => ({ bytes: fromClient({ ...path, clientPort: 40000 + index }, { flags: PSH | ACK, seq: 1, ack: 1, payload: clientHello(name) }), time: T0 + index }));
    writeFileSync(join(folder, 'names.pcap'), pcapFile(frames));
    expect(run(join(folder, 'names.pcap')).stdout).toContain(`TLS server names: ${names.slice(0, 10).join(', ')} and 2 more (see --json)\n`);
  });

  it('prints the CaptureReport with the contract fields under --json and exits 0', () => {
    const { code, stdout } = run(join(folder, 'refused.pcap'), '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.files).toEqual([expect.objectContaining({ name: 'refused.pcap', format: 'pcap', version: '2.4', linkTypes: [1] })]);
    expect(report).toMatchObject({ packets: 2, firstTime: '2023-11-14T22:13:20.000000Z', lastTime: '2023-11-14T22:13:20.001000Z', damage: null });
    expect(report.tcp.conversations).toEqual([expect.objectContaining({ client: '10.0.0.9:50123', server: '10.20.30.40:443', state: 'refused', packets: 2, bytes: expect.any(Number), synRetransmits: 0 })]);
    expect(report.tcp.resets).toEqual([expect.objectContaining({ time: '2023-11-14T22:13:20.001000Z', src: '10.20.30.40', srcPort: 443, dst: '10.0.0.9', dstPort: 50123, ttl: 61, initialTtl: 64, hops: 3 })]);
    expect(report.tcp.synRetransmissions).toBe(0);
    expect(report.tcp.conversations[0]).not.toHaveProperty('ladder');
    expect(report.tcp.conversations[0]).not.toHaveProperty('ladderOmitted');
    expect(report.dns).toMatchObject({ queries: 0, failures: [] });
    expect(report.tls.serverNames).toEqual([]);
    expect(report.findings).toEqual([expect.objectContaining({ kind: 'connection-refused', summary: expect.any(String), step: '/traces/read/#read-refused', evidence: expect.objectContaining({ frames: [1, 2] }) })]);
  });

  it('adds each conversation\'s ladder with --ladders, packet by packet', () => {
    const { code, stdout } = run(join(folder, 'refused.pcap'), '--json', '--ladders');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.tcp.conversations[0].ladderOmitted).toBe(0);
    // The report keeps ladders as packed rows; the JSON spells each packet out.
    expect(report.tcp.conversations[0].ladder).toEqual([
      { frame: 1, offsetUs: 0, fromClient: true, flags: SYN, seq: 1, ack: 0, window: expect.any(Number), payloadLength: 0, ttl: 128, initialTtl: 128, hops: 0, origin: 'client' },
      { frame: 2, offsetUs: 1000, fromClient: false, flags: RST | ACK, seq: expect.any(Number), ack: 2, window: expect.any(Number), payloadLength: 0, ttl: 61, initialTtl: 64, hops: 3, origin: 'server' },
    ]);
  });

  it('filters proxy tunnels by the answer tshark saw last on each', () => {
    const directory = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/proxy-connect');
    const truth = JSON.parse(readFileSync(join(directory, 'proxy-connect.pcapng.expected.json'), 'utf8'));
    const wanted = truth.proxyTunnels.filter((tunnel: { statuses: number[] }) => tunnel.statuses.at(-1) === 407).map((tunnel: { target: string }) => tunnel.target);
    const { code, stdout } = run(join(directory, 'proxy-connect.pcapng'), '--filter', 'http.response.code == 407', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.filter).toEqual({ expression: 'http.response.code == 407', matched: wanted.length, total: truth.tcp.conversations.length });
    expect(report.tcp.conversations.map((conversation: { proxyTarget: string }) => conversation.proxyTarget)).toEqual(wanted);
  });

  it('keeps the conversations a --filter matches, in the summary and in the JSON', () => {
    const files = [join(folder, 'later.pcap'), join(folder, 'refused.pcap')];
    const json = run(...files, '--filter', 'tcp.srcport == 50999', '--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.filter).toEqual({ expression: 'tcp.srcport == 50999', matched: 1, total: 2 });
    expect(report.tcp.conversations).toEqual([expect.objectContaining({ client: '10.0.0.9:50999', state: 'no-answer' })]);
    // Findings are the verdict on the whole trace; the filter narrows only the list.
    expect(report.findings.map((finding: { kind: string }) => finding.kind).sort()).toEqual(['connection-refused', 'syn-timeout']);

    const human = run(...files, '--filter=TCP.Port == 443 && tcp.flags.reset');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('Conversations matching TCP.Port == 443 && tcp.flags.reset (1 of 2):');
    expect(human.stdout).toContain('#0 10.0.0.9:50123 -> 10.20.30.40:443  refused');
    expect(human.stdout).not.toContain('#1 10.0.0.9:50999');
  });

  it('points at the mistake in a --filter and exits 2', () => {
    const { code, stderr } = run(join(folder, 'refused.pcap'), '--filter', 'ip.addr == 10.0.0.9 && tcp.prot == 443');
    expect(code).toBe(2);
    expect(stderr).toContain('--filter: unknown field "tcp.prot"');
    expect(stderr).toContain(`  ip.addr == 10.0.0.9 && tcp.prot == 443\n  ${' '.repeat(23)}^^^^^^^^\n`);
    expect(run(join(folder, 'refused.pcap'), '--filter')).toMatchObject({ code: 2, stderr: expect.stringContaining('--filter needs an expression') });
  });

  it('prints a readable summary with findings and guide links', () => {
    const { code, stdout } = run(join(folder, 'refused.pcap'));
    expect(code).toBe(0);
    expect(stdout).toContain('TCP: 1 conversation (1 refused), 1 RST packet, 0 SYN retransmissions');
    expect(stdout).toContain('[error] connection-refused:');
    expect(stdout).toContain('guide: /traces/read/#read-refused');
    expect(stdout).toContain('#0 10.0.0.9:50123 -> 10.20.30.40:443  refused');
  });

  it('reads several files as one trace', () => {
    const report = JSON.parse(run(join(folder, 'later.pcap'), join(folder, 'refused.pcap'), '--json').stdout);
    expect(report.packets).toBe(3);
    expect(report.files.map((file: { name: string }) => file.name)).toEqual(['later.pcap', 'refused.pcap']);
    expect(report.tcp.conversations.map((conversation: { firstFrame: number; clientPort: number }) => [conversation.clientPort, conversation.firstFrame])).toEqual([
      [50123, 1],
      [50999, 3],
    ]);
  });

  it('exits 1 when a file is damaged, still reporting what came before', () => {
    const { code, stdout } = run(join(folder, 'cut.pcap'), '--json');
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.packets).toBe(1);
    expect(report.damage).toMatchObject({ file: 'cut.pcap', offset: expect.any(Number), reason: expect.any(String) });
  });

  it('exits 3 when nothing is readable', () => {
    const { code, stderr } = run(join(folder, 'notes.txt'));
    expect(code).toBe(3);
    expect(stderr).toContain('nothing readable');
  });

  describe('a folder or a wildcard stands for its files (PowerShell and cmd pass wildcards unexpanded)', () => {
    const chained = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/capture/chained');
    const parts = ['clean.cap', 'clean(1).cap', 'clean(2).cap'];
    const packets = parts.reduce((sum, part) => sum + JSON.parse(readFileSync(join(chained, `${part}.expected.json`), 'utf8')).packets, 0);

    it('reads every file of a folder as one chained trace', () => {
      const set = join(folder, 'set');
      mkdirSync(set);
      for (const part of parts) copyFileSync(join(chained, part), join(set, part));
      const { code, stdout } = run(set, '--json');
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.files.map((file: { name: string }) => file.name).sort()).toEqual([...parts].sort());
      expect(report.packets).toBe(packets);
    });

    it('leaves out the text notes kept in a folder beside its trace, and names them', () => {
      const set = join(folder, 'with-notes');
      mkdirSync(set);
      for (const part of parts) copyFileSync(join(chained, part), join(set, part));
      writeFileSync(join(set, 'ticket notes.txt'), 'Customer says the node went Limited at 10:02.\n'.repeat(5));
      const { code, stdout, stderr } = run(set, '--json');
      expect(code).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.damage).toBeNull();
      expect(report.files.map((file: { name: string }) => file.name).sort()).toEqual([...parts].sort());
      expect(stderr).toContain(`left out '${join(set, 'ticket notes.txt')}' (plain text, not a capture)`);
      const onlyNotes = join(folder, 'only-notes');
      mkdirSync(onlyNotes);
      writeFileSync(join(onlyNotes, 'notes.txt'), 'no trace here\n'.repeat(5));
      expect(run(onlyNotes)).toMatchObject({ code: 2, stderr: expect.stringContaining('holds no captures, only text or event logs') });
    });

    it('still reads, and refuses, a text file named on its own', () => {
      expect(run(join(folder, 'refused.pcap'), join(folder, 'notes.txt'), '--json').code).toBe(1);
    });

    it('expands * and ? in a file name against its folder', () => {
      const report = JSON.parse(run(join(chained, 'clean*.cap'), '--json').stdout);
      expect(report.files.map((file: { name: string }) => file.name).sort()).toEqual([...parts].sort());
      expect(report.packets).toBe(packets);
      expect(JSON.parse(run(join(chained, 'clean(?).cap'), '--json').stdout).files).toHaveLength(2);
    });

    it('says so when a wildcard matches nothing or a folder is empty', () => {
      expect(run(join(folder, 'nothing*.pcap'))).toMatchObject({ code: 2, stderr: expect.stringContaining(`no file matches '${join(folder, 'nothing*.pcap')}'`) });
      const empty = join(folder, 'empty');
      mkdirSync(empty);
      expect(run(empty)).toMatchObject({ code: 2, stderr: expect.stringContaining('holds no files') });
    });
  });

  it('exits 2 with a clear message for usage errors', () => {
    expect(run()).toMatchObject({ code: 2, stderr: expect.stringContaining('no capture file given') });
    expect(run('--verbose', join(folder, 'refused.pcap'))).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--verbose'") });
    expect(run(join(folder, 'refused.pcap'), '--ladders')).toMatchObject({ code: 2, stderr: expect.stringContaining('use it with --json') });
  });

  it('exits 3, as the log command does, when a named file cannot be opened', () => {
    expect(run(join(folder, 'missing.pcap'))).toMatchObject({ code: 3, stderr: expect.stringContaining(`cannot open '${join(folder, 'missing.pcap')}': no such file`) });
  });

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    // Enough refused conversations that --json outgrows the pipe buffer while we stop reading.
    const frames = Array.from({ length: 4000 }, (_, index) => {
      const port = { ...path, clientPort: 10000 + index };
      return [
        { bytes: fromClient(port, { flags: SYN, seq: 1 }), time: T0 + index / 1000 },
        { bytes: fromServer(port, { flags: RST | ACK, ack: 2 }, 61), time: T0 + index / 1000 + 0.0001 },
      ];
    }).flat();
    writeFileSync(join(folder, 'many.pcap'), pcapFile(frames));
    const child = spawn(process.execPath, [cli, 'capture', join(folder, 'many.pcap'), '--json']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('shows control characters from names in the trace as escapes, never raw', () => {
    const { stdout } = run(join(folder, 'hostile.pcap'));
    expect(stdout).not.toContain('\u001b');
    expect(stdout).toContain('evil\\x1b[31m.example');
  });
});
