import { MAX_FINDING_CONVERSATIONS } from '../../lib/capture/analyze/conversation-groups';
import { useId } from 'preact/hooks';
import type { Finding } from '../../lib/capture/report';
import { framesWord, keepUnitsWithNumbers, SEVERITY_LABEL } from '../../lib/capture/report-words';
import { formatCount } from './format';

interface Props {
  findings: Finding[];
  /** True while the analysis is still streaming: more findings may come. */
  partial: boolean;
  /** Reading stopped part-way through a file: "no problem" then covers only what was read. */
  readInPart?: boolean;
  /** Present when a conversation view exists to jump to. */
  onShowConversation?(conversationId: number): void;
  /** Present when the conversation table can be narrowed to the conversations a finding tells. */
  onShowConversations?(conversationIds: number[]): void;
}

/** A finding lists at most MAX_FINDING_CONVERSATIONS ids; at the cap there may be more it does not list. */
function showAllLabel(conversationIds: number[]): string {
  const count = formatCount(conversationIds.length);
  if (conversationIds.length >= MAX_FINDING_CONVERSATIONS) return `Show the first ${count} connections in the table`;
  return conversationIds.length === 2 ? 'Show both connections in the table' : `Show all ${count} connections in the table`;
}

function frameList(frames: number[]): string {
  const shown = frames.slice(0, 10).join(', ');
  return frames.length > 10 ? `${shown} and ${frames.length - 10} more` : shown;
}

/** Plain-language verdicts, worst first, each pointing at the guide step that explains the fix. */
export function Verdicts({ findings, partial, readInPart = false, onShowConversation, onShowConversations }: Props) {
  // Each finding's summary describes its links: a screen reader's list of links otherwise offers
  // a dozen identical "What to do".
  const idPrefix = useId();
  const order = { error: 0, warning: 1, info: 2 };
  const sorted = [...findings].sort((left, right) => order[left.severity] - order[right.severity]);
  return (
    <section class="capture-verdicts" aria-label="Verdicts">
      <h3>{partial ? 'Findings so far' : 'Findings'}</h3>
      {sorted.length === 0 ? (
        <p>{partial ? 'Nothing found yet.' : readInPart ? 'No connection problem found in the part that was read.' : 'No connection problem found in this capture.'}</p>
      ) : (
        <ul class="capture-verdicts__list">
          {sorted.map((finding, index) => (
            <li key={`${finding.kind}-${index}`} class={`capture-verdict capture-verdict--${finding.severity}`} data-kind={finding.kind}>
              <p class="capture-verdict__summary" id={`${idPrefix}-${index}`}>
                <span class="capture-verdict__severity">{SEVERITY_LABEL[finding.severity]}:</span> {keepUnitsWithNumbers(finding.summary)}
              </p>
              {finding.evidence.detail && <p class="capture-verdict__detail">{keepUnitsWithNumbers(finding.evidence.detail)}</p>}
              <p class="capture-verdict__links">
                {finding.evidence.frames.length > 0 && <span>
                    {framesWord(finding.evidence.frames.length)} {frameList(finding.evidence.frames)}.{' '}
                  </span>}
                <a href={finding.step} aria-describedby={`${idPrefix}-${index}`}>
                  What to do
                </a>
                {onShowConversation && finding.evidence.conversationId !== undefined && (
                  <span class="capture-verdict__action">
                    {' · '}
                    <button type="button" class="capture-link-button" aria-describedby={`${idPrefix}-${index}`} onClick={() => onShowConversation(finding.evidence.conversationId!)}>
                      Show the conversation
                    </button>
                  </span>
                )}
                {onShowConversations && (finding.evidence.conversationIds?.length ?? 0) > 1 && (
                  <span class="capture-verdict__action">
                    {' · '}
                    <button type="button" class="capture-link-button" aria-describedby={`${idPrefix}-${index}`} onClick={() => onShowConversations(finding.evidence.conversationIds!)}>
                      {showAllLabel(finding.evidence.conversationIds!)}
                    </button>
                  </span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
