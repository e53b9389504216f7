import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import { reportToMarkdown } from '../../../src/lib/capture/export-markdown';
import { formatBytes, groupResets, keepUnitsWithNumbers } from '../../../src/lib/capture/report-words';
import { memorySource } from '../../../src/lib/io/memory-source';
import { BUSY_REFUSER, LONE_REFUSER, PATH_RESET_CLIENT, PATH_RESET_SERVER, refusalsPcap, ROUTINE_RESET_SERVER, routineResetsPcap } from '../../e2e/capture-synthetic';

const ROUTINE = 29;

async function report() {
  return analyzeCapture([memorySource('routine.pcap', new Uint8Array(routineResetsPcap(ROUTINE)))]);
}

describe('resets that share an explanation', () => {
  it('are one group, after the path reset, and none is lost', async () => {
    const { tcp } = await report();
    const groups = groupResets(tcp.resets, tcp.conversations);
    // By construction both the path RST and the routine ones carry the server's address.
    expect(groups.map((group) => [group.sentBy, group.side, group.routine, group.resets.length])).toEqual([
      ['path', 'server', false, 1],
      ['peer', 'server', true, ROUTINE],
    ]);
    // By construction each routine RST closes its five-packet connection; the path RST is the last frame.
    expect(groups[1].resets.map((reset) => reset.frame)).toEqual(Array.from({ length: ROUTINE }, (_, index) => 5 * (index + 1)));
    expect(groups[0].resets[0].frame).toBe(5 * ROUTINE + 4);
  });

  it('are told once in the Markdown, with every frame number', async () => {
    const markdown = reportToMarkdown(await report());
    const resets = markdown.slice(markdown.indexOf('### Resets'), markdown.indexOf('### TCP conversations'));
    const routine = resets.split('\n').filter((line) => line.startsWith(`**${ROUTINE} resets sent by the server, answering a FIN — routine.**`));
    expect(routine).toHaveLength(1);
    expect(routine[0]).toContain(`Frames ${Array.from({ length: ROUTINE }, (_, index) => 5 * (index + 1)).join(', ')}.`);
    expect(resets.match(/Sent by 10\.0\.0\.9 itself/g)).toHaveLength(1);
    // The path reset comes first and keeps its row.
    expect(resets.indexOf('**1 reset from a device on the path, posing as the server.**')).toBeLessThan(resets.indexOf(`**${ROUTINE} resets`));
    expect(resets).toContain(`| ${5 * ROUTINE + 4} | `);
    expect(resets).toContain(`\`${PATH_RESET_SERVER}\``);
    expect(resets).not.toContain(`\`${ROUTINE_RESET_SERVER}\``);
  });
});

describe('refusals from hosts that sent nothing else', () => {
  it('say they refused, name their host where two groups would read alike, and keep every row in the Markdown', async () => {
    const busy = 7;
    const markdown = reportToMarkdown(await analyzeCapture([memorySource('scan.pcap', new Uint8Array(refusalsPcap(busy)))]));
    const resets = markdown.slice(markdown.indexOf('### Resets'), markdown.indexOf('### TCP conversations'));
    expect(resets).toContain(`**1 reset claiming to come from the server ${LONE_REFUSER} (sender unknown), refusing the connection.**`);
    expect(resets).toContain(`**${busy} resets claiming to come from the server ${BUSY_REFUSER} (sender unknown), refusing the connection.**`);
    // By construction the busy host's nth RST is frame 2 + 2n; the page shows five, the export every one.
    for (let index = 1; index <= busy; index++) expect(resets).toContain(`| ${2 + 2 * index} | `);
    // The routine closes read like no other group, so they name no address.
    expect(resets).toContain('**2 resets sent by the server, answering a FIN — routine.**');
  });
});

describe('the capped conversation table', () => {
  it('puts the path reset first and leaves the routine closes in their own order', async () => {
    const markdown = reportToMarkdown(await report(), { conversationLimit: 3 });
    expect(markdown).toContain(`### TCP conversations (3 of ${ROUTINE + 1}, problems first)`);
    const rows = markdown.slice(markdown.indexOf('### TCP conversations')).split('\n').filter((line) => line.startsWith('| `'));
    // Built so: routine connection n uses client port 50000 + n; the path-reset one port 40000.
    expect(rows.map((row) => row.split(' | ')[0].slice(3, -1))).toEqual([PATH_RESET_CLIENT, '10.0.0.5:50000', '10.0.0.5:50001']);
  });

  it('does not call routine closes problems when nothing else is there', async () => {
    const routineOnly = await analyzeCapture([memorySource('routine.pcap', new Uint8Array(routineResetsPcap(ROUTINE, { pathReset: false })))]);
    const markdown = reportToMarkdown(routineOnly, { conversationLimit: 3 });
    expect(markdown).toContain(`### TCP conversations (3 of ${ROUTINE})\n`);
    expect(markdown).not.toContain('problems first');
  });
});

describe('the files table', () => {
  it('gives the size the page shows, thousands grouped, and the format by name', async () => {
    const markdown = reportToMarkdown(await report(), { fileSizes: new Map([['routine.pcap', 3_456_789]]) });
    expect(markdown).toContain('| File | Format | Packets | Size | Status |');
    expect(markdown).toContain(`| \`routine.pcap\` | pcap 2.4 | ${5 * ROUTINE + 4} | 3.3\u00a0MiB | read to the end |`);
    const big = await analyzeCapture([memorySource('routine.pcap', new Uint8Array(routineResetsPcap(250)))]);
    expect(reportToMarkdown(big)).toContain(`| \`routine.pcap\` | pcap 2.4 | 1,254 | `);
  });
});

describe('durations in the findings\' prose', () => {
  it('keep their number and unit together, and leave other words alone', () => {
    expect(keepUnitsWithNumbers('the trace ends 4.0 s later, 711 ms after 2 sessions')).toBe('the trace ends 4.0\u00a0s later, 711\u00a0ms after 2 sessions');
  });
});

describe('sizes', () => {
  it('use binary units with a no-break space, the same on the page and in the export', () => {
    expect(formatBytes(832)).toBe('832\u00a0B');
    expect(formatBytes(3_250_000)).toBe('3.1\u00a0MiB');
    expect(formatBytes(20 * 1024)).toBe('20\u00a0KiB');
  });
});
