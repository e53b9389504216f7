import type { Finding } from '../../lib/capture/report';
import { framesWord, SEVERITY_LABEL } from '../../lib/capture/report-words';

interface Props {
  findings: Finding[];
  /** True while the analysis is still streaming: more findings may come. */
  partial: boolean;
  /** Reading stopped part-way through a file: "no problem" then covers only what was read. */
  readInPart?: boolean;
  /** Present when a conversation view exists to jump to. */
  onShowConversation?(conversationId: number): void;
}

function frameList(frames: number[]): string {
  const shown = frames.slice(0, 10).join(', ');
  return frames.length > 10 ? `${shown} and ${frames.length - 10} more` : shown;
}

/** Plain-language verdicts, worst first, each pointing at the guide step that explains the fix. */
export function Verdicts({ findings, partial, readInPart = false, onShowConversation }: Props) {
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
              <p class="capture-verdict__summary">
                <span class="capture-verdict__severity">{SEVERITY_LABEL[finding.severity]}:</span> {finding.summary}
              </p>
              {finding.evidence.detail && <p class="capture-verdict__detail">{finding.evidence.detail}</p>}
              <p class="capture-verdict__links">
                {finding.evidence.frames.length > 0 && <span>
                    {framesWord(finding.evidence.frames.length)} {frameList(finding.evidence.frames)}.{' '}
                  </span>}
                <a href={finding.step}>What to do</a>
                {onShowConversation && finding.evidence.conversationId !== undefined && (
                  <>
                    {' · '}
                    <button type="button" class="capture-link-button" onClick={() => onShowConversation(finding.evidence.conversationId!)}>
                      Show the conversation
                    </button>
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
