/**
 * Every RST and who most likely sent it: the claimed sender, or a device on the path whose TTL
 * gives it away. Resets that share their reasoning are grouped under it, path resets first; groups
 * that may matter open, routine closes folded away; every reset keeps its frame and a way into its
 * conversation.
 */
import { useRef, useState } from 'preact/hooks';
import { endpointText } from '../../lib/capture/analyze/address';
import type { CaptureReport, ResetRecord } from '../../lib/capture/report';
import { groupResets, groupStartsOpen, resetGroupHeadline, timeOfDay, type ResetGroup } from '../../lib/capture/report-words';
import { countOf, formatCount } from './format';
import { ScrollRegion } from './ScrollRegion';

/** Rows drawn; the exports carry every reset the report kept. */
const SHOWN_RESETS = 100;
/** Rows an open group shows before "Show all". */
const FIRST_ROWS = 5;

/** Path resets first (they are what the reader is here for), then by frame. */
function byConcern(left: ResetRecord, right: ResetRecord): number {
  return Number(right.sentBy === 'path') - Number(left.sentBy === 'path') || left.frame - right.frame;
}

interface GroupProps {
  group: ResetGroup;
  onShowConversation(conversationId: number): void;
}

function ResetGroupView({ group, onShowConversation }: GroupProps) {
  const headline = resetGroupHeadline(group);
  // A group that starts open shows its first rows, so a dozen refusals do not bury the groups
  // after it; one folded until asked for shows every row when opened.
  const [everyRow, setEveryRow] = useState(!groupStartsOpen(group));
  const rows = everyRow ? group.resets : group.resets.slice(0, FIRST_ROWS);
  const groupElement = useRef<HTMLDetailsElement>(null);
  // The button goes away with the rows it hid: focus moves to the first of them, not to <body>.
  const showEveryRow = () => {
    setEveryRow(true);
    const next = group.resets[FIRST_ROWS].frame;
    requestAnimationFrame(() => groupElement.current?.querySelector<HTMLButtonElement>(`tr[data-frame="${next}"] button`)?.focus());
  };
  return (
    <details ref={groupElement} class="capture-reset-group" data-sent-by={group.sentBy} data-routine={group.routine ? '' : undefined} open={groupStartsOpen(group)}>
      <summary>{headline}</summary>
      <p class="capture-reset-group__why">
        {group.explanation}
        {group.closing !== null && ` ${group.closing.sentence}`}
      </p>
      <ScrollRegion class="capture-resets-scroll capture-card-scroll" label={`${headline}, scrollable`}>
        <table class="capture-resets capture-card-table">
          <caption class="sr-only">{headline}</caption>
          <thead>
            <tr>
              <th scope="col">Frame</th>
              <th scope="col">From → to</th>
              <th scope="col">TTL</th>
              <th scope="col">Conversation</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((reset) => {
              const from = endpointText(reset.src, reset.srcPort);
              const to = endpointText(reset.dst, reset.dstPort);
              return (
                <tr key={reset.frame} data-sent-by={reset.sentBy} data-frame={reset.frame}>
                  <td data-label="Frame">
                    {reset.frame}
                    <span class="capture-resets__time">{timeOfDay(reset.time)}</span>
                  </td>
                  <td title={`${from} → ${to}`}>
                    {from}
                    <span class="capture-resets__to">→ {to}</span>
                  </td>
                  <td class="capture-numeric" data-label="TTL">
                    {reset.ttl}
                    <span class="capture-resets__hops">
                      {reset.initialTtl} − {countOf(reset.hops, 'hop')}
                    </span>
                  </td>
                  <td class="capture-resets__link" data-label="Conversation">
                    {/* "#3", not "Show conversation 3": the long text pushed the column out of the guide's width. */}
                    <button type="button" class="capture-link-button" aria-label={`Show conversation ${reset.conversationId}`} onClick={() => onShowConversation(reset.conversationId)}>
                      #{reset.conversationId}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      {rows.length < group.resets.length && (
        <p class="capture-reset-group__more">
          <button type="button" class="capture-link-button" onClick={showEveryRow}>
            Show all {formatCount(group.resets.length)} resets of this group
          </button>
        </p>
      )}
    </details>
  );
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
  const groups = groupResets(shown, report.tcp.conversations);
  return (
    <div data-testid="capture-resets">
      <p class="capture-resets__intro">
        Who sent each RST, judged by its TTL against the claimed sender's other packets.{' '}
        {groups.length > 1 ? 'Resets with the same explanation are grouped; those from a device on the path come first. ' : ''}
        {left > 0 ? `${countOf(shown.length, 'reset')} of ${formatCount(shown.length + left)} shown; the exports list every one kept.` : ''}
      </p>
      {groups.map((group) => (
        <ResetGroupView key={`${group.sentBy}-${group.resets[0].frame}`} group={group} onShowConversation={onShowConversation} />
      ))}
    </div>
  );
}
