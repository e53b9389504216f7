/**
 * A plaintext TLS alert's finding says what the alert means, by class (RFC 8446 §6.2, RFC 5246
 * §7.2.2): certificate alerts, alerts that the ends could not agree on a version or cipher suite,
 * and the rest. No public capture holds a readable alert, so the frames are built: a ClientHello
 * from the client, then the alert from one end. tshark reads these frames as the same alerts
 * (tls.alert_message.desc 45, 70, 80, 90 and the levels given).
 */
import { describe, expect, it } from 'vitest';
import { GUIDE_STEPS } from '../../../../src/lib/guide/steps';
import { analyzeFrames, clientToRemoteServer as path } from './analyze-helpers';
import { ACK, clientHello, fromClient, fromServer, PSH, SYN, tlsAlert } from './frame-builder';

const FATAL = 2;
const WARNING = 1;

/** The tls-alert finding for a handshake the client (or the server) ends with this alert. */
function alertFinding(level: number, description: number, fromTheClient = false) {
  const hello = clientHello('contoso.servicebus.windows.net');
  const alert = tlsAlert(level, description);
  const report = analyzeFrames([
    fromClient(path, { flags: SYN, seq: 1 }),
    fromServer(path, { flags: SYN | ACK, seq: 9, ack: 2 }),
    fromClient(path, { flags: ACK | PSH, seq: 2, ack: 10, payload: hello }),
    fromTheClient
      ? fromClient(path, { flags: ACK | PSH, seq: 2 + hello.length, ack: 10, payload: alert })
      : fromServer(path, { flags: ACK | PSH, seq: 10, ack: 2 + hello.length, payload: alert }),
  ]);
  const findings = report.findings.filter((finding) => finding.kind === 'tls-alert');
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('TLS alert findings', () => {
  it('says a certificate alert rejects the other end\'s certificate, and points at the certificate step', () => {
    const finding = alertFinding(FATAL, 45, true);
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudCertNotTrusted, evidence: { frames: [4] } });
    expect(finding.summary).toMatch(/^The client 10\.0\.0\.9:50123 sent a fatal TLS alert "certificate expired" in the connection .*: its sender rejected the other end's certificate \(/);
  });

  it('says a version or cipher alert means the ends found nothing both accept', () => {
    const finding = alertFinding(FATAL, 70);
    expect(finding).toMatchObject({ severity: 'error', step: GUIDE_STEPS.cloudTlsProtocol });
    expect(finding.summary).toMatch(/^The server 10\.20\.30\.40:443 sent a fatal TLS alert "protocol version" .*: the two ends found no TLS version or cipher suite both accept/);
  });

  it('gives other alerts a plain meaning by level', () => {
    const fatal = alertFinding(FATAL, 80);
    expect(fatal).toMatchObject({ severity: 'error', step: GUIDE_STEPS.readTls });
    expect(fatal.summary).toMatch(/"internal error" .*: a fatal alert ends the connection at once/);
    const warning = alertFinding(WARNING, 90, true);
    expect(warning).toMatchObject({ severity: 'warning', step: GUIDE_STEPS.readTls });
    expect(warning.summary).toMatch(/"user canceled" .*: a warning, after which the connection may go on/);
  });
});
