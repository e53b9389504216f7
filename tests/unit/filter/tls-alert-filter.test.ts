/**
 * The TLS alert fields the guide's TLS step names, on the tls-alert fixture (openssl between
 * network namespaces): which conversations `tls.alert_message` and `tls.alert_message.desc` keep
 * comes from tshark's alerts in the expected.json, and a packet-only field the guide also names
 * (`tls.handshake.type`) gets a message that says why it cannot work here and what does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import type { CaptureReport } from '../../../src/lib/capture/report';
import { compileFilter, type FilterProblem } from '../../../src/lib/filter';
import { memorySource } from '../../../src/lib/io/memory-source';

const DIRECTORY = 'tests/fixtures/capture/tls-alert';
const FILE = 'tls-alert.pcapng';

interface Truth {
  tcp: { conversations: Array<{ client: string; server: string }> };
  tls: { alerts: Array<{ src: string; dst: string; description: number }> };
}
const truth: Truth = JSON.parse(readFileSync(`${DIRECTORY}/${FILE}.expected.json`, 'utf8'));

let report: CaptureReport | undefined;
async function kept(expression: string): Promise<string[]> {
  report ??= await analyzeCapture([memorySource(FILE, new Uint8Array(readFileSync(`${DIRECTORY}/${FILE}`)))]);
  const compiled = compileFilter(expression);
  if (!compiled.ok) throw new Error(`${expression}: ${compiled.problem.message}`);
  return report.tcp.conversations.filter(compiled.matches).map((conversation) => conversation.client).sort();
}

/** The clients of the conversations tshark saw an alert in, of this number or of any. */
function clientsWithAlerts(description?: number): string[] {
  const alerts = truth.tls.alerts.filter((alert) => description === undefined || alert.description === description);
  return truth.tcp.conversations.filter((conversation) => alerts.some((alert) => [alert.src, alert.dst].includes(conversation.client))).map((conversation) => conversation.client).sort();
}

function problem(expression: string): FilterProblem {
  const compiled = compileFilter(expression);
  if (compiled.ok) throw new Error(`expected "${expression}" to be rejected`);
  return compiled.problem;
}

describe(`TLS alert fields on ${FILE}`, () => {
  it('tls.alert_message keeps the conversations tshark saw an alert in, and ! the others', async () => {
    const withAlerts = clientsWithAlerts();
    expect(withAlerts.length).toBeGreaterThan(0);
    expect(await kept('tls.alert_message')).toEqual(withAlerts);
    expect(await kept('ssl.alert_message')).toEqual(withAlerts);
    expect(await kept('!tls.alert_message')).toEqual(truth.tcp.conversations.map((conversation) => conversation.client).filter((client) => !withAlerts.includes(client)).sort());
  });

  it('tls.alert_message.desc matches the alert number tshark reads', async () => {
    const numbers = [...new Set(truth.tls.alerts.map((alert) => alert.description))];
    expect(numbers.length).toBeGreaterThan(1);
    for (const number of numbers) {
      expect(await kept(`tls.alert_message.desc == ${number}`), `desc ${number}`).toEqual(clientsWithAlerts(number));
    }
    expect(await kept(`tls.alert_message.desc in {${numbers.join(' ')}}`)).toEqual(clientsWithAlerts());
    expect(await kept('tls.alert_message.desc == 0')).toEqual([]);
  });

  it('tls.alert_message takes no value: it only says an alert was there', () => {
    expect(problem('tls.alert_message == 48')).toMatchObject({ start: 18, length: 2 });
    expect(problem('tls.alert_message == 48').message).toMatch(/takes no value; use it alone/);
  });
});

describe('a field this analyzer cannot filter on', () => {
  it('says that whole conversations are filtered, points a ClientHello filter at the server name, and lists every field', () => {
    const result = problem('tls.handshake.type == 1');
    expect(result).toMatchObject({ start: 0, length: 'tls.handshake.type'.length });
    expect(result.message).toMatch(/^unknown field "tls\.handshake\.type"\. This analyzer filters whole TCP conversations, not single packets/);
    expect(result.message).toMatch(/tls\.handshake\.extensions_server_name keeps the conversations whose ClientHello named a server/);
    expect(result.message).toMatch(/Closest: tls\.handshake\.extensions_server_name, tls\.alert_message, tls\.alert_message\.desc\./);
    // Every field is named, so the reader need not guess.
    for (const field of ['ip.addr', 'ipv6.addr', 'tcp.port', 'tcp.flags.reset', 'tcp.stream', 'http.response.code']) expect(result.message).toContain(field);
  });

  it('lists every field for a name of no known protocol too', () => {
    const message = problem('frame.len > 100').message;
    expect(message).toMatch(/^unknown field "frame\.len"\. This analyzer filters whole TCP conversations/);
    expect(message).not.toMatch(/Closest/);
    expect(message).toMatch(/Known fields: ip\.addr, .*tls\.alert_message\.desc/);
  });
});
