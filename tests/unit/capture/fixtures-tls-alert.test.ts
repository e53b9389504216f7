/**
 * TLS alerts openssl itself sent between the fixture namespaces (tests/fixtures/capture/tls-alert),
 * on every format variant. The alerts, who sent them and the server names come from tshark's truth
 * beside each file; the table below adds only what each port was built to show, which the
 * findings must say.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureReport } from '../../../src/lib/capture/report';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';
import { analyzeFiles, expectedFor, scenarioFilesOf } from './fixtures-support';

/** Alert levels as the record carries them (RFC 5246 §7.2). */
const LEVELS: Record<string, number> = { warning: 1, fatal: 2 };

/** Per server port, what the scenario built (scripts/make-fixtures.sh, scenario_tls_alert). */
const BUILT: Record<number, { sender: 'client' | 'server'; step: string; meaning: RegExp } | 'encrypted'> = {
  // The client trusts only another CA than the one that issued the server's certificate (shown in plaintext: TLS 1.2).
  443: { sender: 'client', step: GUIDE_STEPS.cloudCertNotTrusted, meaning: /\. It rejected the server's certificate for "[^"]+", issued by "[^"]+"\. If that issuer is your own organization, a proxy or a firewall, TLS inspection re-signed the connection\. / },
  // The client offers only a cipher suite the server's key cannot use.
  8443: { sender: 'server', step: GUIDE_STEPS.cloudTlsProtocol, meaning: /\. The two ends found no TLS version or cipher suite both accept/ },
  // As 443 over TLS 1.3; OpenSSL rejects the certificate before it encrypts its records, but the certificate itself was encrypted.
  9443: { sender: 'client', step: GUIDE_STEPS.cloudCertNotTrusted, meaning: /\. It rejected the server's certificate\. Either it does not trust the issuer, as when a proxy or firewall that inspects TLS re-signs/ },
  // TLS 1.3, the server wants a client certificate: its alert is encrypted.
  10443: 'encrypted',
};

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function conversationOn(report: CaptureReport, serverPort: number) {
  const conversation = report.tcp.conversations.find((candidate) => candidate.serverPort === serverPort);
  expect(conversation, `conversation to port ${serverPort}`).toBeDefined();
  return conversation!;
}

describe.each(scenarioFilesOf(['tls-alert']))('$file', ({ path }) => {
  const expected = expectedFor(path);

  it('reads the alerts tshark reads, with their sender, level, description and frame', async () => {
    const report = await analyzeFiles([path]);
    const endpointOf = (conversationId: number | null, role: 'client' | 'server') => {
      const conversation = report.tcp.conversations.find((candidate) => candidate.id === conversationId);
      return conversation?.[role];
    };
    const opposite = { client: 'server', server: 'client' } as const;
    expect(report.tls.alerts.map((alert) => ({
      frame: alert.frame,
      src: endpointOf(alert.conversationId, alert.sender),
      dst: endpointOf(alert.conversationId, opposite[alert.sender]),
      level: LEVELS[alert.level],
      description: alert.code,
      descriptionName: alert.description.toLowerCase(),
    }))).toEqual(expected.tls.alerts.map(({ frame, src, dst, level, description, descriptionName }) =>
      ({ frame, src, dst, level, description, descriptionName: descriptionName.toLowerCase() })));
  });

  it('says who refused the handshake and why, for each alert', async () => {
    const report = await analyzeFiles([path]);
    for (const [port, built] of Object.entries(BUILT)) {
      const conversation = conversationOn(report, Number(port));
      const truths = expected.tls.alerts.filter((alert) => [alert.src, alert.dst].includes(conversation.server));
      const findings = report.findings.filter((finding) => finding.evidence.conversationId === conversation.id);
      if (built === 'encrypted') {
        // tshark sees only application data there, and so must we: no alert, nothing said about it.
        expect(truths, `port ${port}`).toEqual([]);
        expect(report.tls.alerts.filter((alert) => alert.conversationId === conversation.id)).toEqual([]);
        expect(findings, `port ${port}`).toEqual([]);
        continue;
      }
      // The fixture shows what it was built to: one readable alert, from the end that refused.
      expect(truths, `port ${port}`).toHaveLength(1);
      const [truth] = truths;
      expect(truth.src, `port ${port}`).toBe(conversation[built.sender]);
      expect(conversation.tlsServerName).toBe(truth.serverName);
      expect(findings.map((finding) => finding.kind), `port ${port}`).toEqual(['tls-alert']);
      const [finding] = findings;
      // A certificate the client rejected is named, and its frame is evidence too.
      const certificate = expected.tls.certificates.find((candidate) => candidate.src === conversation.server);
      const evidence = built.sender === 'client' && certificate !== undefined ? [certificate.frame, truth.frame] : [truth.frame];
      expect(finding).toMatchObject({ severity: truth.level === 2 ? 'error' : 'warning', step: built.step, evidence: { frames: evidence } });
      if (evidence.length > 1) expect(finding.summary).toContain(`certificate for "${certificate?.subject}", issued by "${certificate?.issuer}".`);
      const head = `The ${built.sender} ${truth.src} sent a ${truth.level === 2 ? 'fatal' : 'warning'} TLS alert "`;
      const tail = `" in the connection from ${conversation.client} to ${conversation.server} (server name ${truth.serverName}). `;
      const said = new RegExp(`^${literal(head)}([^"]+)${literal(tail)}`).exec(finding.summary);
      expect(said?.[1].toLowerCase(), finding.summary).toBe(truth.descriptionName.toLowerCase());
      expect(finding.summary).toMatch(built.meaning);
    }
  });
});
