import { describe, expect, it } from 'vitest';
import { scanTlsRecords, TlsScan } from '../../../../src/lib/capture/decode/tls';
import { clientHello, OPENSSL_CERTIFICATE, serverCertificateFlight, tlsAlert } from '../analyze/frame-builder';

describe('TLS records', () => {
  it('finds the server name in a ClientHello', () => {
    const scan = new TlsScan();
    const record = clientHello('adf.contoso.example');
    scanTlsRecords(record, 0, record.length, scan);
    expect([scan.recognised, scan.serverName, scan.incompleteLength]).toEqual([true, 'adf.contoso.example', 0]);
  });

  it('reports where a ClientHello cut by the segment end starts and how long it is', () => {
    const scan = new TlsScan();
    const record = clientHello('frontdoor.example');
    scanTlsRecords(record, 0, 40, scan);
    expect([scan.serverName, scan.incompleteOffset, scan.incompleteLength]).toEqual([null, 0, record.length]);
  });

  it('reads a plaintext alert after another record in the same segment', () => {
    const scan = new TlsScan();
    const bytes = Uint8Array.from([...clientHello('x.example'), ...tlsAlert(2, 48)]);
    scanTlsRecords(bytes, 0, bytes.length, scan);
    expect([scan.serverName, scan.alertLevel, scan.alertDescription]).toEqual(['x.example', 2, 48]);
  });

  it('does not take HTTP for TLS', () => {
    const scan = new TlsScan();
    const text = new TextEncoder().encode('GET / HTTP/1.1\r\n');
    scanTlsRecords(text, 0, text.length, scan);
    expect(scan.recognised).toBe(false);
  });

  it('reads the names on the first certificate of a Certificate message, also from a record cut short after them', () => {
    const flight = serverCertificateFlight(OPENSSL_CERTIFICATE);
    const names = { issuer: 'Contoso Inspection CA', subject: '*.frontend.clouddatahub.net' };
    const whole = new TlsScan();
    scanTlsRecords(flight, 0, flight.length, whole);
    expect(whole.certificate).toEqual(names);
    const cut = new TlsScan();
    scanTlsRecords(flight, 0, flight.length - 120, cut);
    expect([cut.certificate, cut.incompleteOffset, cut.incompleteLength]).toEqual([names, 0, flight.length]);
  });

  it('does not read a Certificate message whose lengths disagree, as an encrypted Finished may look like one', () => {
    const flight = serverCertificateFlight(OPENSSL_CERTIFICATE);
    flight[5 + 8 + 6] ^= 1; // the low byte of the certificate list's length (after the record header, the ServerHello, the message header)
    const scan = new TlsScan();
    scanTlsRecords(flight, 0, flight.length, scan);
    expect([scan.recognised, scan.certificate]).toEqual([true, null]);
  });
});
