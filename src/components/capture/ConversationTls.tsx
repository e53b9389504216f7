/**
 * What one conversation's TLS handshake showed in plaintext: the name the client asked for, the
 * certificate the server answered with (TLS 1.2 sends it unencrypted), and any alert either end
 * sent. A refused handshake is explained by these three together: "asked for the service, got a
 * certificate issued by the company's inspection CA, and the client said unknown CA".
 */
import type { Conversation, TlsAlert } from '../../lib/capture/report';

interface Props {
  conversation: Conversation;
  /** The conversation's own alerts. */
  alerts: readonly TlsAlert[];
}

function certificateWords({ subject, issuer }: NonNullable<Conversation['tlsCertificate']>): string {
  const forWhom = subject === null ? 'names no subject we could read' : `is for "${subject}"`;
  return issuer === null ? forWhom : `${forWhom}, issued by "${issuer}"`;
}

export function ConversationTls({ conversation, alerts }: Props) {
  const certificate = conversation.tlsCertificate;
  return (
    <>
      {conversation.tlsServerName !== undefined && <p>The client's TLS handshake named {conversation.tlsServerName}.</p>}
      {certificate !== undefined && (
        <p data-testid="capture-selected-certificate">
          The server's certificate (frame {certificate.frame}) {certificateWords(certificate)}.
        </p>
      )}
      {alerts.map((alert) => (
        <p data-testid="capture-selected-alert" key={alert.frame}>
          The {alert.sender} sent a {alert.level} TLS alert, "{alert.description}" (number {alert.code}, frame {alert.frame}).
        </p>
      ))}
    </>
  );
}
