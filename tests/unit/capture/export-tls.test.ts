/**
 * The Markdown export on the tls-alert fixture (openssl between network namespaces): the State
 * column says "closed (TLS alert)" where the page does, and the TLS alerts and the server's
 * certificate are listed as tshark read them (the expected.json beside the capture).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../../src/lib/capture/analyze-capture';
import { reportToMarkdown } from '../../../src/lib/capture/export-markdown';
import { memorySource } from '../../../src/lib/io/memory-source';

const DIRECTORY = 'tests/fixtures/capture/tls-alert';
const FILE = 'tls-alert.pcapng';

interface Truth {
  tcp: { conversations: Array<{ client: string; server: string; state: string }> };
  tls: {
    alerts: Array<{ frame: number; src: string; dst: string; level: number; description: number; descriptionName: string }>;
    certificates: Array<{ frame: number; src: string; subject: string; issuer: string }>;
  };
}

const truth: Truth = JSON.parse(readFileSync(`${DIRECTORY}/${FILE}.expected.json`, 'utf8'));
/** Alert levels by number (RFC 5246 §7.2). */
const LEVEL_NAMES: Record<number, string> = { 1: 'warning', 2: 'fatal' };

async function markdown(): Promise<string> {
  const report = await analyzeCapture([memorySource(FILE, new Uint8Array(readFileSync(`${DIRECTORY}/${FILE}`)))]);
  return reportToMarkdown(report);
}

/** The table rows of one section, from its heading to the next. */
function sectionRows(text: string, heading: string): string[] {
  const start = text.indexOf(`### ${heading}`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = text.indexOf('\n### ', start + 1);
  return text.slice(start, end < 0 ? undefined : end).split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---')).slice(1);
}

function conversationOf(...ends: string[]) {
  const conversation = truth.tcp.conversations.find((candidate) => ends.includes(candidate.client) && ends.includes(candidate.server));
  if (conversation === undefined) throw new Error(`no conversation in the truth joins ${ends.join(' and ')}`);
  return conversation;
}

describe(`Markdown export of ${FILE}`, () => {
  it('says "closed (TLS alert)" for exactly the connections a fatal alert ended', async () => {
    const rows = sectionRows(await markdown(), 'TCP conversations');
    expect(rows).toHaveLength(truth.tcp.conversations.length);
    const refused = new Set(truth.tls.alerts.filter((alert) => alert.level === 2).map((alert) => conversationOf(alert.src, alert.dst).client));
    expect(refused.size).toBeGreaterThan(0);
    expect(refused.size).toBeLessThan(truth.tcp.conversations.length);
    for (const conversation of truth.tcp.conversations) {
      const state = refused.has(conversation.client) ? `${conversation.state} (TLS alert)` : conversation.state;
      expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^\\| \`${conversation.client}\` \\| \`${conversation.server}\` \\| ${state.replace(/[()]/g, '\\$&')} \\| `)));
    }
  });

  it('lists each TLS alert with its frame, connection, sender, level, name and number', async () => {
    const rows = sectionRows(await markdown(), 'TLS alerts');
    expect(rows.map((row) => row.toLowerCase())).toEqual(
      truth.tls.alerts.map((alert) => {
        const conversation = conversationOf(alert.src, alert.dst);
        const sender = alert.src === conversation.client ? 'client' : 'server';
        return `| ${alert.frame} | \`${conversation.client}\` → \`${conversation.server}\` | ${sender} | ${LEVEL_NAMES[alert.level]} | ${alert.descriptionName} | ${alert.description} |`.toLowerCase();
      }),
    );
  });

  it('names the certificate each server sent in plaintext and who issued it', async () => {
    const rows = sectionRows(await markdown(), 'Server certificates');
    expect(truth.tls.certificates.length).toBeGreaterThan(0);
    expect(rows).toEqual(
      truth.tls.certificates.map((certificate) => {
        const conversation = truth.tcp.conversations.find((candidate) => candidate.server === certificate.src)!;
        return `| ${certificate.frame} | \`${conversation.client}\` → \`${conversation.server}\` | \`${certificate.subject}\` | \`${certificate.issuer}\` |`;
      }),
    );
  });
});
