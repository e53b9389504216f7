/**
 * Who a certificate names and who issued it: the common names of an X.509 certificate's subject
 * and issuer (RFC 5280 §4.1), read from its DER encoding (ITU-T X.690). With TLS 1.2 and earlier
 * the server's certificates travel in plaintext, and the issuer tells a public authority from a
 * proxy that inspects TLS and re-signs the connection with its own. Both names sit near the start
 * of the certificate, so a certificate cut short by the end of a segment still yields them.
 */

const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_OID = 0x06;
const TAG_INTEGER = 0x02;
const TAG_VERSION = 0xa0;
const TAG_UTF8_STRING = 0x0c;
const TAG_BMP_STRING = 0x1e;
/** PrintableString, TeletexString, IA5String: one byte a character as names use them. */
const BYTE_STRING_TAGS = new Set([0x13, 0x14, 0x16]);
/** id-at-commonName, 2.5.4.3, as DER content octets. */
const COMMON_NAME_OID = [0x55, 0x04, 0x03];

export interface CertificateNames {
  subject: string | null;
  issuer: string | null;
}

interface Element {
  tag: number;
  body: number;
  /** End of the body, or of the data when the element runs past it. */
  end: number;
  complete: boolean;
}

/** The DER element at `offset` (definite lengths only), or null when its header is not all there. */
function element(data: Uint8Array, offset: number, end: number): Element | null {
  if (offset + 2 > end) return null;
  const tag = data[offset];
  let length = data[offset + 1];
  let body = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 3 || body + octets > end) return null;
    length = 0;
    for (let index = 0; index < octets; index++) length = length * 256 + data[body + index];
    body += octets;
  }
  return { tag, body, end: Math.min(end, body + length), complete: body + length <= end };
}

let utf8: TextDecoder | undefined;

/**
 * RFC 5280 caps a common name at 64 characters; a hostile capture may claim thousands, which would
 * also overflow String.fromCharCode's argument list. Longer names are cut here.
 */
const MAX_NAME_BYTES = 256;

/** A directory string's text, with control characters shown as "?" (names are untrusted text). */
function directoryString(data: Uint8Array, value: Element): string | null {
  const bytes = data.subarray(value.body, Math.min(value.end, value.body + MAX_NAME_BYTES));
  let text: string;
  if (value.tag === TAG_UTF8_STRING) text = (utf8 ??= new TextDecoder()).decode(bytes);
  else if (BYTE_STRING_TAGS.has(value.tag)) text = String.fromCharCode(...bytes);
  else if (value.tag === TAG_BMP_STRING) {
    text = '';
    for (let index = 0; index + 1 < bytes.length; index += 2) text += String.fromCharCode((bytes[index] << 8) | bytes[index + 1]);
  } else return null;
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The last common name in a Name (the most specific, as names run from the general to the particular). */
function commonName(data: Uint8Array, name: Element): string | null {
  let found: string | null = null;
  let cursor = name.body;
  while (cursor < name.end) {
    const set = element(data, cursor, name.end);
    if (set === null || !set.complete || set.tag !== TAG_SET) return found;
    const attribute = element(data, set.body, set.end);
    const oid = attribute?.tag === TAG_SEQUENCE ? element(data, attribute.body, attribute.end) : null;
    if (oid?.tag === TAG_OID && oid.end - oid.body === COMMON_NAME_OID.length && COMMON_NAME_OID.every((octet, index) => data[oid.body + index] === octet)) {
      const value = element(data, oid.end, set.end);
      if (value?.complete) found = directoryString(data, value) ?? found;
    }
    cursor = set.end;
  }
  return found;
}

/**
 * Subject and issuer common names of the DER certificate starting at `start` (its bytes may stop
 * at `end` before the certificate does); null when the bytes are not a certificate's beginning.
 */
export function certificateNames(data: Uint8Array, start: number, end: number): CertificateNames | null {
  const certificate = element(data, start, end);
  const toBeSigned = certificate?.tag === TAG_SEQUENCE ? element(data, certificate.body, certificate.end) : null;
  if (toBeSigned?.tag !== TAG_SEQUENCE) return null;
  // version (optional, absent in v1 certificates), serialNumber, signature, issuer, validity, subject.
  const fields: Element[] = [];
  let cursor = toBeSigned.body;
  while (fields.length < 5 && cursor < toBeSigned.end) {
    const field = element(data, cursor, toBeSigned.end);
    if (field === null || !field.complete) break;
    if (fields.length > 0 || field.tag !== TAG_VERSION) fields.push(field);
    cursor = field.end;
  }
  const [serialNumber, , issuer, , subject] = fields;
  if (serialNumber?.tag !== TAG_INTEGER || issuer?.tag !== TAG_SEQUENCE) return null;
  return { issuer: commonName(data, issuer), subject: subject?.tag === TAG_SEQUENCE ? commonName(data, subject) : null };
}
