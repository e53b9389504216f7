/**
 * Tunnels through an HTTP proxy: a runtime set to use a proxy opens every connection with
 * `CONNECT host:443`, and the proxy's status line says whether it let the tunnel through. Only a
 * conversation's first segment, and after a CONNECT the first segment back, are looked at.
 */
import { readConnectTarget, readHttpStatus } from '../decode/http';
import type { TcpConversationState } from './tcp-conversation';

/** TcpConversationState.proxyStage values. */
export const ProxyStage = {
  /** No payload seen yet. */
  Unknown: 0,
  /** A CONNECT went out; the first segment from the other side carries the answer. */
  AwaitingStatus: 1,
  /** The proxy answered 407; an authenticating client sends its CONNECT again on the same connection. */
  AwaitingRetry: 2,
  /** Decided: not a tunnel request, or answered for good. */
  Done: 3,
} as const;

/**
 * Answers read per connection. Signing in with NTLM takes two 407s before the 200 (Negotiate
 * one); a client still asking after that is not signing in, and the last answer stands.
 */
const MAX_PROXY_ANSWERS = 3;
const PROXY_AUTHENTICATION_REQUIRED = 407;

/** Call with each fresh (not retransmitted) payload segment of a conversation whose stage is not Done. */
export function noteProxySegment(conversation: TcpConversationState, side: number, data: Uint8Array, offset: number, length: number, frame: number): void {
  const stage = conversation.proxyStage;
  if (stage === ProxyStage.Unknown || (stage === ProxyStage.AwaitingRetry && side === conversation.proxyRequestSide)) {
    const target = readConnectTarget(data, offset, offset + length);
    if (target === null) {
      conversation.proxyStage = ProxyStage.Done;
      return;
    }
    conversation.proxyTarget = target;
    conversation.proxyRequestSide = side;
    conversation.proxyRequestFrame = frame;
    conversation.proxyStage = ProxyStage.AwaitingStatus;
    return;
  }
  // More of the request from the client, or the rest of a 407's body from the proxy.
  if (stage !== ProxyStage.AwaitingStatus || side === conversation.proxyRequestSide) return;
  const status = readHttpStatus(data, offset, offset + length);
  if (status === 0) {
    conversation.proxyStage = ProxyStage.Done;
    return;
  }
  conversation.proxyStatus = status;
  conversation.proxyStatusFrame = frame;
  conversation.proxyAnswers++;
  const signingIn = status === PROXY_AUTHENTICATION_REQUIRED && conversation.proxyAnswers < MAX_PROXY_ANSWERS;
  conversation.proxyStage = signingIn ? ProxyStage.AwaitingRetry : ProxyStage.Done;
}
