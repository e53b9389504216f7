/**
 * Names on X.509 certificates made with openssl (a throwaway CA "Contoso Inspection CA", subjects
 * given with -subj; `openssl x509 -noout -text` printed the issuer and subject named in each test).
 * OPENSSL_CERTIFICATE is a version 1 certificate (no version field) from the same CA.
 */
import { describe, expect, it } from 'vitest';
import { certificateNames } from '../../../../src/lib/capture/decode/x509';
import { OPENSSL_CERTIFICATE } from '../analyze/frame-builder';

const base64 = (text: string) => Uint8Array.from(atob(text), (character) => character.charCodeAt(0));

/** v3 (with subjectAltName), Issuer: C = US, O = Contoso Ltd, CN = Contoso Inspection CA; Subject: C = US, O = Contoso, CN = wu2.frontend.clouddatahub.net. */
const V3 = base64('MIIB9zCCAZ6gAwIBAgIUauvy+Z3exGjm56IqRUXvf2ZgHtIwCgYIKoZIzj0EAwIwQzELMAkGA1UEBhMCVVMxFDASBgNVBAoMC0NvbnRvc28gTHRkMR4wHAYDVQQDDBVDb250b3NvIEluc3BlY3Rpb24gQ0EwHhcNMjYxMTI2MDYzMzQzWhcNMjYxMTI3MDYzMzQzWjBHMQswCQYDVQQGEwJVUzEQMA4GA1UECgwHQ29udG9zbzEmMCQGA1UEAwwdd3UyLmZyb250ZW5kLmNsb3VkZGF0YWh1Yi5uZXQwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARFqCtJ8CWrlaWLnOukcZ1GdSW6N0wMyAdpVjJqRFBdDAy10xocnmojB4GqwXjxqAT8iGCC+WA5gQu2ZqbgEblio2wwajAoBgNVHREEITAfgh13dTIuZnJvbnRlbmQuY2xvdWRkYXRhaHViLm5ldDAdBgNVHQ4EFgQUTJC1EwBIYwAT+10LsyLXTvatVPowHwYDVR0jBBgwFoAUOP8Ekr+oyDuX6y8oLQ/LvhDmL58wCgYIKoZIzj0EAwIDRwAwRAIgU+vNIJefdnEqxZmXe2BUUxX9nuYqKI+J2E2xYITkDocCICoTBWltRbTVYgiAXHqgcSPwh7HLoUfYsMnBjmJFXuiG');

/** Where `text` ends in the certificate's bytes. */
function endOf(certificate: Uint8Array, text: string): number {
  const needle = new TextEncoder().encode(text);
  const start = certificate.findIndex((_, index) => needle.every((byte, offset) => certificate[index + offset] === byte));
  expect(start).toBeGreaterThan(0);
  return start + needle.length;
}

describe('X.509 certificate names', () => {
  it('reads the common names of the issuer and the subject, past the other parts of each name', () => {
    expect(certificateNames(V3, 0, V3.length)).toEqual({ issuer: 'Contoso Inspection CA', subject: 'wu2.frontend.clouddatahub.net' });
  });

  it('reads a version 1 certificate, which has no version field', () => {
    expect(certificateNames(OPENSSL_CERTIFICATE, 0, OPENSSL_CERTIFICATE.length)).toEqual({ issuer: 'Contoso Inspection CA', subject: '*.frontend.clouddatahub.net' });
  });

  it('reads a certificate that starts inside a larger buffer', () => {
    const buffer = Uint8Array.from([9, 9, 9, ...OPENSSL_CERTIFICATE, 9]);
    expect(certificateNames(buffer, 3, buffer.length)).toEqual({ issuer: 'Contoso Inspection CA', subject: '*.frontend.clouddatahub.net' });
  });

  it('reads the names of a certificate cut short after its subject, and only the issuer when the cut falls inside the subject', () => {
    const subjectEnd = endOf(V3, 'wu2.frontend.clouddatahub.net');
    expect(certificateNames(V3, 0, subjectEnd)).toEqual({ issuer: 'Contoso Inspection CA', subject: 'wu2.frontend.clouddatahub.net' });
    expect(certificateNames(V3, 0, subjectEnd - 1)).toEqual({ issuer: 'Contoso Inspection CA', subject: null });
    expect(certificateNames(V3, 0, endOf(V3, 'Contoso Inspection CA') - 1)).toBeNull();
  });

  it('shows control characters in a name as "?", since names are untrusted text', () => {
    const altered = V3.slice();
    altered[endOf(altered, 'wu2.frontend') - 9] = 0x07; // the "." after "wu2"
    expect(certificateNames(altered, 0, altered.length)?.subject).toBe('wu2?frontend.clouddatahub.net');
  });

  it('cuts a hostile, over-long name instead of failing on it', () => {
    // DER by hand: lengths up to 2^24 in three octets, as element() reads them.
    const der = (tag: number, body: Uint8Array) => {
      const length = body.length < 0x80 ? [body.length] : [0x83, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff];
      return Uint8Array.from([tag, ...length, ...body]);
    };
    const joined = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
    const name = (text: Uint8Array) => der(0x30, der(0x31, der(0x30, joined(der(0x06, Uint8Array.from([0x55, 0x04, 0x03])), der(0x13, text)))));
    const huge = new Uint8Array(300_000).fill(0x41);
    const certificate = der(0x30, der(0x30, joined(der(0x02, Uint8Array.from([1])), der(0x30, new Uint8Array(0)), name(huge), der(0x30, new Uint8Array(0)), name(new TextEncoder().encode('node1')))));
    const names = certificateNames(certificate, 0, certificate.length);
    expect(names?.subject).toBe('node1');
    expect(names?.issuer).toBe('A'.repeat(256));
  });

  it('returns null for bytes that are not a certificate', () => {
    const text = new TextEncoder().encode('HTTP/1.1 200 OK\r\n\r\n');
    expect(certificateNames(text, 0, text.length)).toBeNull();
    expect(certificateNames(V3, 4, V3.length)).toBeNull(); // starts at the to-be-signed part, not the certificate
    expect(certificateNames(new Uint8Array([0x30, 0x82]), 0, 2)).toBeNull();
  });
});
