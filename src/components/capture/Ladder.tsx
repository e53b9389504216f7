/**
 * Sequence ("ladder") diagram of one conversation: client and server lanes, and a third lane for a
 * device on the path when the analyzer judged a packet (an injected RST) not to come from the peer.
 * The same packets follow as a table for anyone who cannot see the drawing.
 */
import { Fragment } from 'preact';
import { useId, useRef } from 'preact/hooks';
import { ladderOmissionRow, ladderPackets } from '../../lib/capture/ladder-rows';
import type { Conversation, LadderPacket, TlsAlert } from '../../lib/capture/report';
import { formatFlags, formatOffset } from './format';
import { breakText, ladderBreaks, type LadderBreak } from './ladder-breaks';
import { ScrollRegion } from './ScrollRegion';
import { useElementWidth } from './use-element-width';
import './capture-ladder.css';

/**
 * Drawn at the width of the guide's column, between these bounds, so its text is never scaled down.
 * Two lanes fit the column at 320 px (a small phone, or 400% zoom: WCAG's reflow width), where a
 * 300 px drawing had the server lane cut off at the scroll box's edge. A third, the path device's,
 * needs 300 px or its title runs into the client's; that drawing scrolls instead.
 */
const WIDEST = 640;
const NARROWEST = 260;
const NARROWEST_WITH_PATH = 300;
const TOP = 56;
const ROW = 38;
/** Height of the band a break takes between two rows. */
const BREAK = 30;
const FLAG_RST = 4;
const FLAG_SYN = 2;
const FLAG_FIN = 1;

type Lane = 'client' | 'path' | 'server';

function packetKind(packet: LadderPacket): string {
  if (packet.flags & FLAG_RST) return 'rst';
  if (packet.flags & FLAG_SYN) return 'syn';
  if (packet.flags & FLAG_FIN) return 'fin';
  return packet.payloadLength > 0 ? 'data' : 'ack';
}

/** An injected packet is drawn from the path lane to whichever endpoint it was addressed to. */
function endpoints(packet: LadderPacket): { from: Lane; to: Lane } {
  const to: Lane = packet.fromClient ? 'server' : 'client';
  if (packet.origin === 'path') return { from: 'path', to };
  return { from: packet.fromClient ? 'client' : 'server', to };
}

function label(packet: LadderPacket): string {
  const length = packet.payloadLength > 0 ? ` len=${packet.payloadLength}` : '';
  return `${formatFlags(packet.flags)}${length}`;
}

/** "TTL 61 · 3 hops"; a sender on the capture's own segment is just "TTL 128", since 0 hops says nothing. */
function ttlLabel(packet: LadderPacket): string {
  return packet.hops === 0 ? `TTL ${packet.ttl}` : `TTL ${packet.ttl} · ${packet.hops} ${packet.hops === 1 ? 'hop' : 'hops'}`;
}

function notes(packet: LadderPacket): string {
  return `${packet.synRetransmit ? ' · retransmitted' : ''}${packet.captureCopy ? ' · capture copy' : ''}`;
}

/**
 * What a packet carried in TLS, when the report says: the findings about a refused handshake cite
 * the certificate's frame and the alert's, and "PSH, ACK len=7" alone does not show which arrow
 * that was.
 */
function tlsMarks(conversation: Conversation, alerts: readonly TlsAlert[]): Map<number, string> {
  const marks = new Map<number, string>();
  if (conversation.tlsCertificate) marks.set(conversation.tlsCertificate.frame, 'certificate');
  for (const alert of alerts) marks.set(alert.frame, `TLS alert: ${alert.description}`);
  return marks;
}

function directionText(packet: LadderPacket): string {
  const { from, to } = endpoints(packet);
  if (from === 'path') return `path device → ${to} (posing as the ${packet.fromClient ? 'client' : 'server'})`;
  return `${from} → ${to}`;
}

/** The break's band: the lanes cut, a dashed line across them, and what happened there. */
function BreakBand({ gap, top, width, beforeFrame }: { gap: LadderBreak; top: number; width: number; beforeFrame: number }) {
  const middle = top + BREAK / 2;
  return (
    <g class={`capture-ladder__break capture-ladder__break--${gap.kind}`} data-break={gap.kind} data-before-frame={beforeFrame}>
      <rect x={0} y={middle - 8} width={width} height={16} />
      <line x1={8} x2={width - 8} y1={middle} y2={middle} />
      <text x={width / 2} y={middle + 4} text-anchor="middle">
        {breakText(gap)}
      </text>
    </g>
  );
}

interface Props {
  conversation: Conversation;
  /** The conversation's own alerts, which the drawing marks. */
  alerts: readonly TlsAlert[];
}

export function Ladder({ conversation, alerts }: Props) {
  const titleId = useId();
  const descriptionId = useId();
  const markerId = useId();
  const packets = ladderPackets(conversation.ladder);
  const breaks = ladderBreaks(packets, ladderOmissionRow(packets.length, conversation.ladderOmitted), conversation.ladderOmitted);
  const hasSilence = [...breaks.values()].some((gap) => gap.kind === 'silence');
  // Each row's top, moved down by the bands of the breaks above it and its own.
  let bands = 0;
  const rowTops = packets.map((_, index) => TOP + index * ROW + (breaks.has(index) ? ++bands : bands) * BREAK);
  const hasPath = packets.some((packet) => packet.origin === 'path');
  const region = useRef<HTMLDivElement>(null);
  const regionWidth = useElementWidth(region);
  const width = Math.round(Math.max(hasPath ? NARROWEST_WITH_PATH : NARROWEST, Math.min(WIDEST, regionWidth ?? WIDEST)));
  // Left of the client lane sit the times ("+4.652 ms", about 60 px at 11 px), clear of its line; a
  // phone leaves less room on the right. There a label takes two lines, above and below its arrow,
  // as one line ran past the lanes.
  const narrow = width < 480;
  const laneX: Record<Lane, number> = { client: narrow ? 84 : 90, path: width / 2, server: width - (narrow ? 52 : 90) };
  const lanes: Lane[] = hasPath ? ['client', 'path', 'server'] : ['client', 'server'];
  const height = TOP + packets.length * ROW + breaks.size * BREAK + 20;
  const marks = tlsMarks(conversation, alerts);
  const resets = packets.filter((packet) => packet.flags & FLAG_RST);
  const resetSummary =
    resets.length === 0
      ? 'No reset.'
      : resets.map((packet) => `RST in frame ${packet.frame} sent by ${packet.origin === 'path' ? 'a device on the path, not the peer' : `the ${packet.origin}`}`).join('; ') + '.';
  const description = [
    `${packets.length} packets drawn in time order between the client and the server${hasPath ? ' and a device on the path' : ''}.`,
    resetSummary,
    ...[...marks].map(([frame, mark]) => `Frame ${frame} carries the ${mark}.`),
    ...[...breaks].map(([row, gap]) => `${breakText(gap)}, before frame ${packets[row].frame}.`),
    'The table below lists the same packets.',
  ].join(' ');

  return (
    <figure class="capture-ladder" data-testid="capture-ladder" data-conversation={conversation.id}>
      <ScrollRegion class="capture-ladder__scroll" scrollRef={region} label={`Sequence diagram of conversation ${conversation.id}, scrollable`}>
        <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-labelledby={titleId} aria-describedby={descriptionId}>
          <title id={titleId}>
            Sequence of conversation {conversation.id}: {conversation.client} to {conversation.server}
          </title>
          <desc id={descriptionId}>{description}</desc>
          <defs>
            <marker id={markerId} viewBox="0 0 10 10" refX="10" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" class="capture-ladder__head" />
            </marker>
          </defs>
          {lanes.map((lane) => (
            <g key={lane} class={`capture-ladder__lane capture-ladder__lane--${lane}`} data-lane={lane}>
              <text x={laneX[lane]} y={18} text-anchor="middle" class="capture-ladder__lane-title">
                {lane === 'path' ? 'Path device' : lane === 'client' ? 'Client' : 'Server'}
              </text>
              {/* On a phone the middle lane is too close to the others for a third address line: the
                  client's ran into it. Its title already says what it is. */}
              {!(narrow && lane === 'path') && (
                <text x={laneX[lane]} y={34} text-anchor="middle" class="capture-ladder__lane-address">
                  {lane === 'client' ? conversation.client : lane === 'server' ? conversation.server : '(firewall / proxy)'}
                </text>
              )}
              <line x1={laneX[lane]} x2={laneX[lane]} y1={TOP - 12} y2={height - 8} />
            </g>
          ))}
          {[...breaks].map(([row, gap]) => (
            <BreakBand key={`break-${row}`} gap={gap} top={rowTops[row] - BREAK} width={width} beforeFrame={packets[row].frame} />
          ))}
          {packets.map((packet, index) => {
            const { from, to } = endpoints(packet);
            const y = rowTops[index] + 22;
            const x1 = laneX[from];
            const x2 = laneX[to];
            const middle = (x1 + x2) / 2;
            const mark = marks.get(packet.frame);
            // On a phone the TLS record's name replaces the flags: both do not fit between the lanes.
            const above = mark === undefined ? label(packet) : narrow ? mark : `${label(packet)} · ${mark}`;
            return (
              <g key={packet.frame} class={`capture-ladder__packet capture-ladder__packet--${packetKind(packet)}`} data-from={from} data-to={to} data-flags={formatFlags(packet.flags)} data-tls={mark}>
                <text x={middle} y={y - 6} text-anchor="middle" class="capture-ladder__label">
                  {narrow ? `${above}${notes(packet)}` : `${above} · ${ttlLabel(packet)}${notes(packet)}`}
                </text>
                {narrow && (
                  <text x={middle} y={y + 13} text-anchor="middle" class="capture-ladder__label capture-ladder__label--below">
                    {ttlLabel(packet)}
                  </text>
                )}
                <line x1={x1} x2={x2} y1={y} y2={y} marker-end={`url(#${markerId})`} />
                <text x={4} y={y + 4} class="capture-ladder__time">
                  {formatOffset(packet.offsetUs)}
                </text>
              </g>
            );
          })}
        </svg>
      </ScrollRegion>
      <figcaption>
        {conversation.ladderOmitted > 0 ? `The first and last packets are drawn; ${conversation.ladderOmitted} in the middle are left out. ` : ''}
        {hasSilence ? "A dashed break marks a silence of a second or more, or one ten times this conversation's usual spacing. " : ''}
        TTL is what arrived at the capture point; hops are counted down from the sender's likely initial TTL.
      </figcaption>
      <details class="capture-ladder__text">
        <summary>The same packets as a table</summary>
        <ScrollRegion class="capture-ladder__table-scroll" label={`Packets of conversation ${conversation.id}, scrollable`}>
        <table>
          <caption class="sr-only">Packets of conversation {conversation.id}</caption>
          <thead>
            <tr>
              <th scope="col">Frame</th>
              <th scope="col">Time</th>
              <th scope="col">Direction</th>
              <th scope="col">Flags</th>
              <th scope="col">Length</th>
              <th scope="col">TTL</th>
              <th scope="col">Initial TTL</th>
              <th scope="col">Hops</th>
            </tr>
          </thead>
          <tbody>
            {packets.map((packet, index) => {
              const gap = breaks.get(index);
              return (
                <Fragment key={packet.frame}>
                  {gap && (
                    <tr class="capture-ladder__break-row" data-break={gap.kind}>
                      <td colSpan={8}>
                        <span class="capture-ladder__break-words">{gap.kind === 'silence' ? `${breakText(gap)}: nothing in this conversation in between` : breakText(gap)}</span>
                      </td>
                    </tr>
                  )}
                  <tr data-frame={packet.frame}>
                    <td>{packet.frame}</td>
                    <td>{formatOffset(packet.offsetUs)}</td>
                    <td>{directionText(packet)}</td>
                    <td>
                      {formatFlags(packet.flags)}
                      {packet.captureCopy ? ' (capture copy)' : ''}
                      {marks.has(packet.frame) ? ` (${marks.get(packet.frame)})` : ''}
                    </td>
                    <td>{packet.payloadLength}</td>
                    <td>{packet.ttl}</td>
                    <td>{packet.initialTtl}</td>
                    <td>{packet.hops}</td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
