/**
 * TLS facts per conversation: the server name from each ClientHello, the names on the server's
 * certificate when it travels in plaintext (TLS 1.2 and earlier), and plaintext alerts.
 * A ClientHello that does not fit one segment (large key shares make that common with
 * TLS 1.3) is joined with the next segment in the same direction; only that record is buffered,
 * and only until it completes, so memory stays bounded by the open handshakes.
 */
import { scanTlsRecords, tlsAlertText, TlsScan, TLS_MAX_RECORD_LENGTH, TLS_RECORD_HEADER_LENGTH } from '../decode/tls';
import type { TcpConversationState } from './tcp-conversation';

const CONTENT_ALERT = 21;
const CONTENT_HANDSHAKE = 22;
const HANDSHAKE_CLIENT_HELLO = 1;
/** ClientHellos waiting for their next segment at once; each holds at most one record (~18 KB),
 *  so this bounds the buffering at ~18 MB even for a scan that never completes one. */
const MAX_PENDING_HELLOS = 1000;
/** Names and alerts kept in the report. */
export const MAX_TLS_RECORDS = 5000;

export interface TlsAlertEvent {
  frame: number;
  level: string;
  levelValue: number;
  description: string;
  descriptionValue: number;
  conversationId: number;
  /** 0 when side A of the conversation sent it, 1 for side B. */
  side: number;
}

/** Which end of its conversation sent the alert. */
export function alertSender(alert: TlsAlertEvent, conversation: TcpConversationState): 'client' | 'server' {
  return (alert.side === 0) === (conversation.clientIndex() === 0) ? 'client' : 'server';
}

interface PendingRecord {
  side: number;
  bytes: Uint8Array;
}

export class TlsTracker {
  readonly serverNames: Array<{ frame: number; name: string; conversationId: number }> = [];
  readonly alerts: TlsAlertEvent[] = [];
  /** Names and alerts seen past MAX_TLS_RECORDS, counted only. */
  omittedServerNames = 0;
  omittedAlerts = 0;
  private readonly scan = new TlsScan();
  private readonly pending = new Map<number, PendingRecord>();

  add(conversation: TcpConversationState, side: number, data: Uint8Array, offset: number, length: number, frame: number): void {
    const waiting = this.pending.size > 0 ? this.pending.get(conversation.id) : undefined;
    if (waiting !== undefined && waiting.side === side) {
      this.pending.delete(conversation.id);
      const joined = new Uint8Array(Math.min(waiting.bytes.length + length, TLS_RECORD_HEADER_LENGTH + TLS_MAX_RECORD_LENGTH));
      joined.set(waiting.bytes);
      joined.set(data.subarray(offset, offset + joined.length - waiting.bytes.length), waiting.bytes.length);
      this.scanRange(conversation, side, joined, 0, joined.length, frame);
      return;
    }
    const contentType = data[offset];
    if (contentType !== CONTENT_HANDSHAKE && contentType !== CONTENT_ALERT) return;
    this.scanRange(conversation, side, data, offset, offset + length, frame);
  }

  private scanRange(conversation: TcpConversationState, side: number, data: Uint8Array, start: number, end: number, frame: number): void {
    const scan = this.scan;
    scan.reset();
    scanTlsRecords(data, start, end, scan);
    if (!scan.recognised) return;
    if (scan.serverName !== null) {
      if (conversation.tlsServerName === null) conversation.tlsServerName = scan.serverName;
      if (this.serverNames.length < MAX_TLS_RECORDS) this.serverNames.push({ frame, name: scan.serverName, conversationId: conversation.id });
      else this.omittedServerNames++;
    }
    if (scan.certificate !== null && conversation.tlsServerCertificate === null && side !== conversation.clientIndex()) {
      conversation.tlsServerCertificate = { ...scan.certificate, frame };
    }
    if (scan.alertLevel !== 0 && this.alerts.length >= MAX_TLS_RECORDS) this.omittedAlerts++;
    else if (scan.alertLevel !== 0) {
      const text = tlsAlertText(scan.alertLevel, scan.alertDescription);
      this.alerts.push({ frame, level: text.level, levelValue: scan.alertLevel, description: text.description, descriptionValue: scan.alertDescription, conversationId: conversation.id, side });
    }
    const cut = scan.incompleteOffset;
    if (scan.incompleteLength > 0 && this.pending.size < MAX_PENDING_HELLOS && cut + TLS_RECORD_HEADER_LENGTH < end && data[cut + TLS_RECORD_HEADER_LENGTH] === HANDSHAKE_CLIENT_HELLO) {
      this.pending.set(conversation.id, { side, bytes: data.slice(cut, end) });
    }
  }
}
