/**
 * Every RST and who most likely sent it: the claimed sender, or a device on the path whose TTL
 * gives it away. The findings tell each conversation's story; this is the packet-by-packet list a
 * network team asks for, with a way into each reset's conversation.
 */
import { endpointText } from '../../lib/capture/analyze/address';
import { resetClosingNote, type CaptureReport, type ResetRecord } from '../../lib/capture/report';
import { countOf, formatCount } from './format';
import { ScrollRegion } from './ScrollRegion';

/** Rows drawn; the exports carry every reset the report kept. */
const SHOWN_RESETS = 100;

const SENDER_LABEL: Record<ResetRecord['sentBy'], string> = {
  path: 'Path device',
  peer: 'Peer',
  unknown: 'Unknown',
};

/** Path resets first (they are what the reader is here for), then by frame. */
function byConcern(left: ResetRecord, right: ResetRecord): number {
  return Number(right.sentBy === 'path') - Number(left.sentBy === 'path') || left.frame - right.frame;
}

/** The time of day from the report's ISO time: the date is in the summary above. */
function timeOfDay(iso: string): string {
  const at = iso.indexOf('T');
  return at < 0 ? iso : iso.slice(at + 1);
}

interface Props {
  report: CaptureReport;
  onShowConversation(conversationId: number): void;
}

export function ResetList({ report, onShowConversation }: Props) {
  const resets = [...report.tcp.resets].sort(byConcern);
  const shown = resets.slice(0, SHOWN_RESETS);
  const notKept = report.omitted?.['tcp.resets'] ?? 0;
  const left = resets.length - shown.length + notKept;
  return (
    <>
      <p class="capture-resets__intro">
        Who sent each RST, judged by its TTL against the claimed sender's other packets. {resets.length > 1 ? 'Resets from a device on the path come first. ' : ''}
        {left > 0 ? `${countOf(shown.length, 'reset')} of ${formatCount(shown.length + left)} shown; the exports list every one kept.` : ''}
      </p>
      <ScrollRegion class="capture-resets-scroll" label="Resets, scrollable">
        <table class="capture-resets" data-testid="capture-resets">
          <caption class="sr-only">Every reset and who most likely sent it</caption>
          <thead>
            <tr>
              <th scope="col">Frame</th>
              <th scope="col">From → to</th>
              <th scope="col">TTL</th>
              <th scope="col">Sent by</th>
            </tr>
          </thead>
          <tbody>
            {shown.flatMap((reset) => {
              const closing = resetClosingNote(reset);
              return [
                <tr key={reset.frame} data-sent-by={reset.sentBy} class="capture-resets__packet">
                  <td data-label="Frame">
                    {reset.frame}
                    <span class="capture-resets__time">{timeOfDay(reset.time)}</span>
                  </td>
                  <td>
                    {endpointText(reset.src, reset.srcPort)}
                    <span class="capture-resets__to">→ {endpointText(reset.dst, reset.dstPort)}</span>
                  </td>
                  <td class="capture-numeric" data-label="TTL">
                    {reset.ttl}
                    <span class="capture-resets__hops">
                      {reset.initialTtl} − {reset.hops} {reset.hops === 1 ? 'hop' : 'hops'}
                    </span>
                  </td>
                  <td class="capture-resets__sender" data-label="Sent by">
                    <strong>{SENDER_LABEL[reset.sentBy]}</strong>
                    {closing !== null && <span class="capture-resets__closing">{closing.label}</span>}
                  </td>
                </tr>,
                // The reasoning gets the table's whole width: squeezed into a column it ran 10 lines.
                <tr key={`${reset.frame}-why`} class="capture-resets__why">
                  <td colSpan={4}>
                    {reset.explanation}
                    {closing !== null && ` ${closing.sentence}`}{' '}
                    <button type="button" class="capture-link-button" onClick={() => onShowConversation(reset.conversationId)}>
                      Show conversation {reset.conversationId}
                    </button>
                  </td>
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
