/**
 * A plaintext TLS alert's finding says what the alert means, by class (RFC 8446 §6.2, RFC 5246
 * §7.2.2): certificate alerts, alerts that the ends could not agree on a version or cipher suite,
 * and the rest. No public capture holds a readable alert, and the real ones openssl made (the
 * tls-alert fixture, tests/unit/capture/fixtures-tls-alert.test.ts) cover only unknown CA and
 * handshake failure, so the frames here are built: a ClientHello from the client, then the alert
 * from one end. tshark reads these frames as the same alerts (tls.alert_message.desc 45, 70, 80,
 * 90 and the levels given).
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeFrames, clientToRemoteServer as path } from './analyze-helpers';
import { ACK, clientHello, fromClient, fromServer, OPENSSL_CERTIFICATE, PSH, serverCertificateFlight, SYN, tlsAlert } from './frame-builder';

const FATAL = 2;
const WARNING = 1;

/** The report of a handshake the client (or the server) ends with this alert. */
function alertReport(level: number, description: number, fromTheClient: boolean) {
  const hello = clientHello('contoso.servicebus.windows.net');
  const alert = tlsAlert(level, description);
  return analyzeFrames([
    fromClient(path, { flags: SYN, seq: 1 }),
    fromServer(path, { flags: SYN | ACK, seq: 9, ack: 2 }),
    fromClient(path, { flags: ACK | PSH, seq: 2, ack: 10, payload: hello }),
    fromTheClient
      ? fromClient(path, { flags: ACK | PSH, seq: 2 + hello.length, ack: 10, payload: alert })
      : fromServer(path, { flags: ACK | PSH, seq: 10, ack: 2 + hello.length, payload: alert }),
  ]);
}

/** The tls-alert finding for a handshake the client (or the server) ends with this alert. */
function alertFinding(level: number, description: number, fromTheClient = false) {
  const findings = alertReport(level, description, fromTheClient).findings.filter((finding) => finding.kind === 'tls-alert');
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('TLS alert findings', () => {
  it('says a certificate alert rejects the other end\'s certificate, and points at the certificate step', () => {
    const finding = alertFinding(FATAL, 45, true);
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudCertNotTrusted, evidence: { frames: [4] } });
    expect(finding.summary).toMatch(/^The client 10\.0\.0\.9:50123 sent a fatal TLS alert "certificate expired" in the connection .*?\. It rejected the server's certificate\. Either it does not trust the issuer, as when a proxy or firewall that inspects TLS re-signs/);
  });

  it('says a server\'s certificate alert is about the client\'s certificate, not the node\'s trust in the server', () => {
    const finding = alertFinding(FATAL, 116);
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.readTls });
    expect(finding.summary).toMatch(/^The server 10\.20\.30\.40:443 sent a fatal TLS alert "certificate required" .*\. The server rejected the certificate the client offered, or wanted one the client did not send\.$/);
  });

  it('lists each alert with its sender and number', () => {
    expect(alertReport(FATAL, 48, true).tls.alerts).toEqual([{ frame: 4, level: 'fatal', description: 'unknown CA', code: 48, sender: 'client', conversationId: 0 }]);
    expect(alertReport(WARNING, 0, false).tls.alerts).toEqual([{ frame: 4, level: 'warning', description: 'close notify', code: 0, sender: 'server', conversationId: 0 }]);
  });

  it('says a version or cipher alert means the ends found nothing both accept', () => {
    const finding = alertFinding(FATAL, 70);
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudTlsProtocol });
    expect(finding.summary).toMatch(/^The server 10\.20\.30\.40:443 sent a fatal TLS alert "protocol version" .*\. The two ends found no TLS version or cipher suite both accept/);
  });

  it('gives other alerts a plain meaning by level', () => {
    const fatal = alertFinding(FATAL, 80);
    expect(fatal).toMatchObject({ severity: 'error', step: GUIDE_STEPS.readTls });
    expect(fatal.summary).toMatch(/"internal error" .*\. A fatal alert ends the connection at once\./);
    const warning = alertFinding(WARNING, 90, true);
    expect(warning).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.readTls });
    expect(warning.summary).toMatch(/"user canceled" .*\. A warning lets the connection go on\./);
  });

  describe('with the server\'s certificate in plaintext (TLS 1.2)', () => {
    /** The server sends its certificate after the ClientHello; then one end sends the alert. */
    function withCertificate(description: number, fromTheClient: boolean) {
      const hello = clientHello('wu2.frontend.clouddatahub.net');
      const flight = serverCertificateFlight(OPENSSL_CERTIFICATE);
      const alert = tlsAlert(FATAL, description);
      const report = analyzeFrames([
        fromClient(path, { flags: SYN, seq: 1 }),
        fromServer(path, { flags: SYN | ACK, seq: 9, ack: 2 }),
        fromClient(path, { flags: ACK | PSH, seq: 2, ack: 10, payload: hello }),
        fromServer(path, { flags: ACK | PSH, seq: 10, ack: 2 + hello.length, payload: flight }),
        fromTheClient
          ? fromClient(path, { flags: ACK | PSH, seq: 2 + hello.length, ack: 10 + flight.length, payload: alert })
          : fromServer(path, { flags: ACK | PSH, seq: 10 + flight.length, ack: 2 + hello.length, payload: alert }),
      ]);
      return { report, finding: report.findings.find((finding) => finding.kind === 'tls-alert') };
    }

    it('names the certificate the client rejected and who issued it, and shows its frame', () => {
      const { report, finding } = withCertificate(48, true);
      expect(report.tcp.conversations[0].tlsCertificate).toEqual({ subject: '*.frontend.clouddatahub.net', issuer: 'Contoso Inspection CA', frame: 4 });
      expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudCertNotTrusted, evidence: { frames: [4, 5] } });
      expect(finding?.summary).toMatch(/"unknown CA" .*\. It rejected the server's certificate for "\*\.frontend\.clouddatahub\.net", issued by "Contoso Inspection CA"\. If that issuer is your own organization, a proxy or a firewall, TLS inspection re-signed the connection\. If it is a public authority, the node lacks its root/);
      // Read at a glance: no sentence runs past 25 words (the review found one of 90).
      const sentences = finding?.summary.split(/(?<=\.) (?=[A-Z])/) ?? [];
      expect(sentences.length).toBeGreaterThanOrEqual(4);
      for (const sentence of sentences) expect(sentence.split(/\s+/).length, sentence).toBeLessThanOrEqual(25);
    });

    it('does not name it when the server sent the alert, which is about something else', () => {
      const { finding } = withCertificate(40, false);
      expect(finding).toMatchObject({ step: GUIDE_STEPS.cloudTlsProtocol, evidence: { frames: [5] } });
      expect(finding?.summary).not.toContain('Contoso Inspection CA');
    });
  });
});
