/**
 * Findings about reset conversations: the story of the first reset (see resetReading) told in
 * words a customer can act on, with the frames that show it.
 */
import { GUIDE_STEPS } from '../../guide/steps';
import type { Conversation, Finding } from '../report';
import type { ResetEvent } from './conversations';
import { conversationEvidence, duration, frames, plural, RUNTIME_DOMAINS } from './finding-common';
import { LDAP_PORTS, readingEnding, type ResetReading } from './reset-context';

/**
 * Ports whose servers speak first, sending a greeting or banner before the client says anything:
 * FTP, SSH, SMTP, POP3, IMAP, SMTP submission and MySQL.
 */
const SERVER_SPEAKS_FIRST = new Set([21, 22, 25, 110, 143, 587, 3306]);

/** `otherEndUnheard`: the trace never shows a packet from the end the reset went to (one direction only). */
export function resetFinding(conversation: Conversation, firstReset: ResetEvent, reading: ResetReading, otherEndUnheard: boolean): Finding {
  const { client, server, serverPort } = conversation;
  const evidence = (extra: number[], detail?: string) => conversationEvidence(conversation, extra, detail);
  const sender = firstReset.source;
  const byServer = conversation.resetBy === 'server';
  const closer = firstReset.sentBy === 'unknown' ? `a packet claiming to come from ${sender}` : byServer ? `${sender} (the server)` : `the client ${client}`;
  const otherEnd = byServer ? 'the client' : 'the server';
  switch (reading.kind) {
    case 'path-after-hello':
    case 'server-after-hello': {
      const { name, helloFrame } = reading;
      // A name the runtime needs is the allowlist step's business; other names, the TLS reading's.
      const step = RUNTIME_DOMAINS.test(name) ? GUIDE_STEPS.cloudProxyAllowlist : GUIDE_STEPS.readTls;
      const summary =
        reading.kind === 'path-after-hello'
          ? `A device on the path, not ${sender}, reset the connection from ${client} to ${server} right after the client's TLS ClientHello named ${name}: a firewall or proxy that filters by server name most likely does not allow ${name}.`
          : `${sender} reset the connection from ${client} right after its TLS ClientHello named ${name}, before answering it: the server refused the handshake (TLS version or ciphers), or a firewall or proxy that filters by server name answered with the server's address.`;
      return { kind: reading.kind === 'path-after-hello' ? 'middlebox-reset' : 'peer-reset', severity: 'error', summary, step, evidence: evidence([helloFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'path': {
      const summary = `A device on the path, not ${sender}, reset the connection from ${client} to ${server}: the RST's TTL does not match ${sender}'s own packets.`;
      return { kind: 'middlebox-reset', severity: 'error', summary, step: GUIDE_STEPS.resetReadTtl, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    case 'after-own-fin': {
      const { finFrame, moreCame } = reading;
      const fin = `its FIN${finFrame === undefined ? '' : `, frame ${finFrame}`}`;
      const summary = moreCame
        ? `The connection from ${client} to ${server} ended when ${closer}, which had already closed it (${fin}), reset it as more came from ${otherEnd}: ` +
          'a closed socket answers anything that still arrives with a reset, such as a closing TLS alert or a request sent too late. It matters only if an application reported an error at that moment.'
        : `The connection from ${client} to ${server} ended when ${closer} closed it (${fin}) and reset it right after, with nothing new from ${otherEnd} in between: ` +
          'the program dropped the connection instead of waiting for the close to finish (closing with unread data, or with a zero linger time). It matters only if an application reported an error at that moment.';
      return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence(finFrame === undefined ? [firstReset.frame] : [finFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'at-close': {
      const how = firstReset.afterPeerFin
        ? `answered ${otherEnd}'s FIN with a reset instead of a FIN`
        : `reset it just as ${otherEnd} closed it (${otherEnd}'s FIN, sent before the reset reached it, came right after and nothing it sent was lost)`;
      const summary =
        `The connection from ${client} to ${server} ended when ${closer} ${how}, after ${plural(firstReset.packetsBefore, 'packet', 'packets')}: ` +
        'an abortive close, which many Windows services and clients use. It matters only if an application reported an error at that moment.';
      const closeFrames = firstReset.crossingFinFrame > 0 ? [firstReset.frame, firstReset.crossingFinFrame] : [firstReset.frame];
      return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence(closeFrames, firstReset.explanation) };
    }
    case 'rejected-first-data': {
      const answer = reading.answeredBytes === 0 ? 'having sent nothing back' : `having sent only ${plural(reading.answeredBytes, 'byte', 'bytes')} of its own`;
      const summary =
        `${sender} (the server) reset the connection from ${client} ${duration(reading.delaySeconds)} after the client's first data (frame ${reading.dataFrame}), ${answer}: ` +
        `the server rejected what the client sent first, most often a protocol it does not speak on port ${serverPort} (plain HTTP to a TLS or SSH port, TLS to a plain one) or a request it refuses outright.`;
      return { kind: 'peer-reset', severity: 'warning', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([reading.dataFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'after-last-request': {
      const ldap = LDAP_PORTS.has(serverPort);
      const summary =
        `${sender} (the server) reset the connection from ${client} ${duration(reading.delaySeconds)} after the client's last message (frame ${reading.dataFrame}), acknowledging all of it and answering nothing, after answering its earlier requests: ` +
        (ldap
          ? 'an LDAP server ends a session this way when the client unbinds (the unbind request has no answer), so this is routine unless an application reported an error at that moment.'
          : "the end of a session the client's last message asked to end, or a server that refused that one request; what the application logged at that moment tells which.");
      return { kind: 'peer-reset', severity: ldap ? 'info' : 'warning', summary, step: ldap ? GUIDE_STEPS.readClose : GUIDE_STEPS.resetFollowConversation, evidence: evidence([reading.dataFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'probe': {
      const summary =
        `The client ${client} opened a connection to ${server} and reset it ${duration(reading.delaySeconds)} after the handshake, with no data either way: ` +
        'reachability checks often close this way (port scanners, load balancer health probes, connection tests such as Test-NetConnection). The port answered; nothing to fix.';
      return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    case 'idle-drop': {
      const why = byServer
        ? 'the server dropped an idle connection (its idle or keep-alive timeout)'
        : 'the client dropped an idle connection it no longer needed, without the FIN exchange';
      const summary =
        `The connection from ${client} to ${server} ended when ${closer} reset it after ${duration(reading.idleSeconds)} in which neither end sent anything, with every byte acknowledged: ${why}. ` +
        'A program that reuses such a connection afterwards gets a reset and should retry on a new one; it matters only if an application reported an error at that moment.';
      return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    case 'unused': {
      const serverFirst = SERVER_SPEAKS_FIRST.has(serverPort);
      const summary = serverFirst
        ? `The client ${client} opened a connection to ${server} and reset it ${duration(reading.idleSeconds)} later without either end sending anything: on port ${serverPort} the server speaks first (its greeting or banner), and none came, so the client gave up. The service accepted the connection but did not answer it (hung, overloaded, or a proxy in front that never reached it).`
        : `The client ${client} opened a connection to ${server} and reset it ${duration(reading.idleSeconds)} later without either end sending anything: either it never needed the connection (pools open spares), or it waited for something the server never sent; what the client program logged at that moment tells which.`;
      return { kind: 'peer-reset', severity: serverFirst ? 'warning' : 'info', summary, step: serverFirst ? GUIDE_STEPS.resetFollowConversation : GUIDE_STEPS.readClose, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    case 'quiet-after-answer': {
      if (reading.unseenBytes > 0) {
        const summary =
          `The client ${client} reset its connection to ${server} ${duration(reading.waitedSeconds)} after the server's last data (frame ${reading.answerFrame}), with nothing more from the client in between. ` +
          unseenWords(reading.unseenBytes, 'the client') +
          ' So it was not idle: the server may have been waiting for data that never came. A capture on the client shows what became of it.';
        return { kind: 'peer-reset', severity: 'warning', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([reading.answerFrame, firstReset.frame], firstReset.explanation) };
      }
      const summary =
        `The client ${client} reset its connection to ${server} ${duration(reading.waitedSeconds)} after the server's last data (frame ${reading.answerFrame}), every byte acknowledged and nothing sent in between: ` +
        'either it was done with an idle connection, or it was still waiting for the rest of an answer that stopped coming (a stalled query or download) and gave up; what the client program logged at that moment tells which.';
      return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([reading.answerFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'accepted-then-reset': {
      const summary =
        `${closer} accepted the connection from ${client} and reset it ${duration(reading.delaySeconds)} after the handshake without sending anything: ` +
        'the service turns clients away once connected (a connection limit, an address filter in the program, a load balancer with no healthy server behind it).';
      return { kind: 'peer-reset', severity: 'warning', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    case 'after-answer': {
      const summary = reading.sessionEnd
        ? `The client ${client} reset its connection to ${server} ${duration(reading.delaySeconds)} after the server confirmed the end of its SMB session (frame ${reading.answerFrame}, a successful logoff or tree disconnect): ` +
          'Windows ends SMB sessions this way, so this is routine.'
        : `The client ${client} reset its connection to ${server} ${duration(reading.delaySeconds)} after the server's answer (frame ${reading.answerFrame}), which the reset acknowledges: ` +
          'either the client had what it needed and dropped the connection instead of closing it, as many programs do, or it could not accept the answer (an error, a failed negotiation); what the client program logged at that moment tells which.';
      return { kind: 'peer-reset', severity: 'info', summary, step: GUIDE_STEPS.readClose, evidence: evidence([reading.answerFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'unanswered-request': {
      const waited = duration(reading.waitedSeconds);
      if (reading.unseenBytes > 0) {
        // The reset's sender had sent more than the trace holds: the silence may be lost data, not a slow peer.
        const summary = byServer
          ? `${closer} reset the connection from ${client} ${waited} after the client's request (frame ${reading.requestFrame}), which it had acknowledged but never answered here. ` +
            unseenWords(reading.unseenBytes, 'the server') +
            ' Its answer may have been lost on the way; a capture on the server shows what became of it.'
          : `The client ${client} reset its connection to ${server} ${waited} after its request (frame ${reading.requestFrame}), which the server had acknowledged but never answered. ` +
            unseenWords(reading.unseenBytes, 'the client') +
            ' So the server may have been waiting for the rest of the request; a capture on the client shows what became of it.';
        return { kind: 'peer-reset', severity: 'warning', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([reading.requestFrame, firstReset.frame], firstReset.explanation) };
      }
      const summary = byServer
        ? `${closer} reset the connection from ${client} ${waited} after the client's request (frame ${reading.requestFrame}), which it had acknowledged but never answered: ` +
          'the server gave up on that request (its own time limit) or the program handling it failed.'
        : `The client ${client} reset its connection to ${server} ${waited} after its request (frame ${reading.requestFrame}), which the server had acknowledged but never answered: ` +
          'the client gave up waiting (a command or request timeout; SqlCommand, for one, waits 30 s by default), so the server, or what it waited on in turn, was slow or stuck on that request.';
      return { kind: 'peer-reset', severity: 'warning', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([reading.requestFrame, firstReset.frame], firstReset.explanation) };
    }
    case 'reset-run':
    case 'first-packet': {
      const receiver = byServer ? client : server;
      // With one direction captured, what looks like a run of resets may be answers to packets the trace lacks.
      if (reading.kind === 'reset-run' && !otherEndUnheard) {
        const seconds = conversation.durationUs / 1e6;
        const summary =
          `${sender} sent ${conversation.packets} resets to ${receiver} over ${duration(seconds)}, on average one every ${duration(seconds / (conversation.packets - 1))}, and the trace shows nothing else of that connection: ` +
          `each answers something from ${receiver} the capture does not hold (its keep-alives or retries, filtered out or on another path), for a connection ${sender} no longer has.`;
        return { kind: 'peer-reset', severity: byServer ? 'warning' : 'info', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
      }
      const summary = otherEndUnheard
        ? `${sender} sent a reset to ${receiver}, the first packet of that connection in the trace, but the trace never shows a packet from ${byServer ? conversation.clientAddress : conversation.serverAddress} (see the one-way finding): what the reset answered, perhaps a SYN it refused, was not captured.`
        : `${sender} reset a connection to ${receiver} that the trace shows nothing else of: it began before the capture and was quiet until then (an idle connection a firewall or load balancer timed out, or one its peer had forgotten), or the packet it answered was not captured.`;
      return { kind: 'peer-reset', severity: otherEndUnheard ? 'info' : byServer ? 'warning' : 'info', summary, step: otherEndUnheard ? GUIDE_STEPS.collectBothEnds : GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
    case 'plain': {
      const who =
        firstReset.sentBy === 'unknown'
          ? `The connection from ${client} to ${server} was reset by a packet claiming to come from ${sender}`
          : byServer
            ? `${sender} (the server) reset the connection from ${client}`
            : `The client ${client} reset its own connection to ${server}`;
      const summary = `${who} after ${plural(firstReset.packetsBefore, 'packet', 'packets')}.`;
      return { kind: 'peer-reset', severity: byServer ? 'warning' : 'info', summary, step: GUIDE_STEPS.resetFollowConversation, evidence: evidence([firstReset.frame], firstReset.explanation) };
    }
  }
}

/** The reset lies `bytes` past its sender's last data in the trace: more was sent than arrived. */
function unseenWords(bytes: number, sender: string): string {
  return `Yet the reset's sequence number lies ${plural(bytes, 'byte', 'bytes')} past ${sender}'s last data here: it had sent more, which never arrived or was not captured.`;
}

/**
 * A routine ending in a few words for a list ("the server answered the client's FIN with a
 * reset"), or null when the reading is not routine: a failure, or a reset whose sender is unknown.
 */
export function routineEndingWords(reading: ResetReading, firstReset: ResetEvent, byServer: boolean, serverPort: number): string | null {
  if (firstReset.sentBy !== 'peer') return null;
  const sender = byServer ? 'the server' : 'the client';
  const other = byServer ? 'the client' : 'the server';
  switch (reading.kind) {
    case 'at-close':
      return firstReset.afterPeerFin ? `${sender} answered ${other}'s FIN with a reset` : `${sender} reset just as ${other} closed`;
    case 'after-own-fin':
      return reading.moreCame ? `${sender} reset what ${other} still sent after its own FIN` : `${sender} reset right after its own FIN, with nothing new in between`;
  }
  // The other routine endings are those the reset record names (a request left unanswered is not one).
  switch (readingEnding(reading, serverPort)) {
    case 'ldap-unbind':
      return 'the server reset after an LDAP unbind';
    case 'session-end':
      return 'the client reset right after the server confirmed the end of its SMB session';
    case 'port-check':
      return 'port checks (the client reset right after the handshake)';
    case 'idle':
      return `${sender} dropped the connection after it sat idle`;
    default:
      return null;
  }
}

/** One routine way of ending, how many connections ended so, and frames that show it. */
export interface RoutineEnding {
  words: string;
  connections: number;
  frames: number[];
}

/**
 * Routine endings between one client and one server, across ports and ways of ending, told as one
 * finding: a domain member's Kerberos, LDAP and SMB connections to its domain controller end with
 * resets in four or five routine ways, and a finding for each buried the one that mattered.
 * `first`: the conversation the evidence points at.
 */
export function routineEndingsFinding(first: Conversation, ports: number[], endings: RoutineEnding[], conversationIds: number[]): Finding {
  const total = endings.reduce((sum, ending) => sum + ending.connections, 0);
  const byWords = new Map<string, number>();
  for (const ending of endings) byWords.set(ending.words, (byWords.get(ending.words) ?? 0) + ending.connections);
  const list = [...byWords].map(([words, connections]) => `${words} (${connections})`).join('; ');
  const portList = ports.length === 1 ? `port ${ports[0]}` : `ports ${ports.join(', ')}`;
  const summary =
    `${total} connections from ${first.clientAddress} to ${first.serverAddress} (${portList}) ended in ways that are routine: ${list}. ` +
    'Programs end connections this way when they are done with them; it matters only if an application reported an error at one of those moments.';
  return {
    kind: 'peer-reset',
    severity: 'info',
    summary,
    step: GUIDE_STEPS.readClose,
    evidence: { frames: frames(endings.flatMap((ending) => ending.frames)), conversationId: first.id, conversationIds },
  };
}
