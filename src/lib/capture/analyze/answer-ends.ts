/**
 * Where a server's answers end, for the protocols whose framing tells it: how a conversation went
 * quiet before a reset depends on it (reset-context.ts). A silence after a whole answer is an idle
 * connection; after a partial one, an answer that stalled. Encrypted or unknown protocols tell
 * neither, and the reading stays open.
 */
import { isSmb2SessionEnd, smb2MessagesEnd } from '../decode/smb';
import { tdsAnswerEnds } from '../decode/tds';
import type { TcpConversationState } from './tcp-conversation';

const SMB_PORT = 445;
const SQL_SERVER_PORT = 1433;

/** Call with each fresh payload segment sent from `sourcePort`; notes answers from SMB and SQL Server ports. */
export function noteServerAnswer(conversation: TcpConversationState, sourcePort: number, data: Uint8Array, start: number, end: number, frame: number): void {
  if (sourcePort === SMB_PORT) {
    if (!smb2MessagesEnd(data, start, end)) return;
    conversation.wholeAnswerFrame = frame;
    if (isSmb2SessionEnd(data, start, end)) conversation.sessionEndFrame = frame;
  } else if (sourcePort === SQL_SERVER_PORT && tdsAnswerEnds(data, start, end)) {
    conversation.wholeAnswerFrame = frame;
  }
}
