/**
 * The view of one LogReport: issue cards, the values found (listed, and marked in the pasted text),
 * the commands to run. Pasted text only ever becomes text nodes and <mark> elements.
 */
import type { ComponentChildren } from 'preact';
import { useMemo } from 'preact/hooks';
import type { IssueMatch, LogReport } from '../../lib/logs/types';
import { GUIDE_STEPS, knownIssueLink } from '../../lib/guide/steps';
import { CommandTabs } from './CommandTabs';
import { buildExcerpts } from './excerpts';
import { ENTITY_LABELS, categoryLabel, formatSize } from './labels';

export type Variant = 'full' | 'compact';
export type HeadingLevel = 2 | 3 | 4;

interface Props {
  report: LogReport;
  text: string;
  variant: Variant;
  headingLevel: HeadingLevel;
  idPrefix: string;
  announce: (message: string) => void;
}

/** Cards beyond this many are weaker neighbours of the first ones; the catalog lists them all. */
const SHOWN_MATCHES = 4;
const SHOWN_EVIDENCE = 3;

export function LogResults({ report, text, variant, headingLevel, idPrefix, announce }: Props) {
  const SectionHeading = `h${headingLevel}` as const;
  const matched = report.matches.length > 0;
  return (
    <section class="log-results" aria-labelledby={`${idPrefix}-results`}>
      <SectionHeading id={`${idPrefix}-results`} class="log-heading">
        {matched ? 'What this error means' : 'No known issue matched'}
      </SectionHeading>
      {/* The best card already says "Most likely"; the line above it only counts the matches. */}
      {matched ? (
        report.matches.length > 1 && <p class="log-summary">{report.matches.length} known issues match this text, the best fit first.</p>
      ) : (
        <p class="log-summary">{report.summary}</p>
      )}
      {report.misspelledHosts.map(({ host, didYouMean }) => (
        <p class="log-note log-misspelled">
          The host <code>{host}</code> looks misspelled: did you mean <code>{didYouMean}</code>? A misspelled service name never resolves,
          whatever the firewall or proxy allows.
        </p>
      ))}
      {report.truncated && (
        <p class="log-note">
          Only the first {formatSize(report.analysedChars)} were analysed. If the error you care about comes later, paste that part on its
          own.
        </p>
      )}
      {report.matches.slice(0, SHOWN_MATCHES).map((match, index) => (
        <IssueCard match={match} best={index === 0} variant={variant} headingLevel={headingLevel} idPrefix={`${idPrefix}-match-${index}`} />
      ))}
      <FoundValues report={report} text={text} headingLevel={headingLevel} idPrefix={idPrefix} />
      {report.commands.length > 0 && (
        <Subsection heading="Commands to run" level={headingLevel}>
          <p class="log-note">Run them on the integration runtime machine (or the node that reports the error).</p>
          <CommandTabs
            commands={report.commands}
            matches={report.matches}
            groupHeadingLevel={(headingLevel + 2) as 4 | 5 | 6}
            idPrefix={`${idPrefix}-commands`}
            announce={announce}
          />
        </Subsection>
      )}
      {!matched && <GenericNextSteps level={headingLevel} />}
    </section>
  );
}

function Subsection({ heading, level, children }: { heading: string; level: HeadingLevel; children: ComponentChildren }) {
  const Heading = `h${level + 1}` as 'h3';
  return (
    <div class="log-subsection">
      <Heading class="log-heading">{heading}</Heading>
      {children}
    </div>
  );
}

interface CardProps {
  match: IssueMatch;
  best: boolean;
  variant: Variant;
  headingLevel: HeadingLevel;
  idPrefix: string;
}

/** The best match is open, with a heading; weaker ones fold away so the page stays short on a phone. */
function IssueCard({ match, best, variant, headingLevel, idPrefix }: CardProps) {
  const titleId = `${idPrefix}-title`;
  const kicker = (
    <span class="log-card-kicker">
      {best ? 'Most likely' : 'Also possible'} · <span class="log-category">{categoryLabel(match.category)}</span>
    </span>
  );
  if (!best) {
    return (
      <details class="log-card" data-issue={match.id}>
        <summary>
          {kicker}
          <span id={titleId} class="log-card-title">
            {match.title}
          </span>
        </summary>
        <CardBody match={match} variant={variant} titleId={titleId} />
      </details>
    );
  }
  const Heading = `h${headingLevel + 1}` as 'h3';
  return (
    <article class="log-card log-card-best" aria-labelledby={titleId} data-issue={match.id}>
      {kicker}
      <Heading id={titleId} class="log-card-title">
        {match.title}
      </Heading>
      <CardBody match={match} variant={variant} titleId={titleId} />
    </article>
  );
}

/**
 * Each matched text once, with how many places it was found: a stack trace often repeats its
 * message (in the exception and again in the inner one), and the same line listed twice reads
 * like two different clues. The marks in the text below still show every place.
 */
function distinctEvidence(evidence: IssueMatch['evidence']): Array<{ text: string; places: number }> {
  const places = new Map<string, number>();
  for (const { text } of evidence) places.set(text, (places.get(text) ?? 0) + 1);
  return Array.from(places, ([text, count]) => ({ text, places: count }));
}

function CardBody({ match, variant, titleId }: { match: IssueMatch; variant: Variant; titleId: string }) {
  const catalogLink = knownIssueLink(match.id);
  return (
    <>
      <p>
        <strong>Why: </strong>
        {match.cause}
      </p>
      {match.evidence.length > 0 && (
        <div class="log-evidence">
          <p>
            <strong>Seen in your text:</strong>
          </p>
          <ul>
            {distinctEvidence(match.evidence).slice(0, SHOWN_EVIDENCE).map(({ text, places }) => (
              <li key={text}>
                <code>{text}</code>
                {places > 1 && <span class="log-evidence-places"> ({places} places)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="log-card-links">
        {variant === 'full' ? (
          <>
            <a class="log-step-link" href={match.step} aria-describedby={titleId}>
              Open the guide step
            </a>
            <a href={catalogLink} aria-describedby={titleId}>
              About this issue
            </a>
          </>
        ) : (
          <a class="log-step-link" href={catalogLink} aria-describedby={titleId}>
            Read about this issue
          </a>
        )}
      </p>
    </>
  );
}

function FoundValues({ report, text, headingLevel, idPrefix }: { report: LogReport; text: string; headingLevel: HeadingLevel; idPrefix: string }) {
  const view = useMemo(() => buildExcerpts(text.slice(0, report.analysedChars), report.highlights), [text, report]);
  const socketMeanings = new Map(report.socketErrors.map((error) => [String(error.code), `${error.name}: ${error.meaning}`]));
  const rows = (Object.keys(ENTITY_LABELS) as (keyof typeof ENTITY_LABELS)[])
    .map((key) => ({ key, values: report.entities[key].map(String) }))
    .filter((row) => row.values.length > 0);
  if (rows.length === 0 && report.highlights.length === 0) {
    return (
      <Subsection heading="Values found" level={headingLevel}>
        <p>No host names, addresses, ports or error codes were found in this text.</p>
      </Subsection>
    );
  }
  const textLabelId = `${idPrefix}-text-label`;
  return (
    <Subsection heading="Values found" level={headingLevel}>
      {rows.length === 0 && <p>No host names, addresses, ports or error codes in this text; only the matched error text is marked.</p>}
      {rows.length > 0 && (
        <dl class="log-values">
          {rows.map((row) => (
            <div>
              <dt>{ENTITY_LABELS[row.key]}</dt>
              <dd>
                <ul>
                  {row.values.map((value) => (
                    <li>
                      <code>{value}</code>
                      {row.key === 'codes' && socketMeanings.has(value) && (
                        <span class="log-value-meaning"> ({socketMeanings.get(value)})</span>
                      )}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          ))}
        </dl>
      )}
      {view.excerpts.length > 0 && (
        <figure class="log-text-figure">
          <figcaption id={textLabelId}>
            {rows.length > 0
              ? 'Where they appear in your text (values marked, matched error text underlined)'
              : 'Your text (matched error text underlined)'}
          </figcaption>
          {/* Scrollable, so it must be reachable by keyboard; the region role gives the focus stop a name. */}
          <div class="log-text" role="region" aria-labelledby={textLabelId} tabIndex={0}>
            {view.excerpts.map((excerpt) => (
              <div class="log-excerpt">
                {view.excerpts.length > 1 || excerpt.cutBefore ? <p class="log-excerpt-line">Line {excerpt.line.toLocaleString('en')}</p> : null}
                <pre>
                  {excerpt.cutBefore && '…'}
                  {excerpt.segments.map((segment) => {
                    const evidenceClass = segment.evidence ? 'log-evidence-text' : undefined;
                    if (segment.kind) {
                      return (
                        <mark data-kind={segment.kind} title={segment.kind} class={evidenceClass}>
                          {segment.text}
                        </mark>
                      );
                    }
                    return evidenceClass ? <span class={evidenceClass}>{segment.text}</span> : segment.text;
                  })}
                  {excerpt.cutAfter && '…'}
                </pre>
              </div>
            ))}
          </div>
          {view.omittedHighlights > 0 && (
            <p class="log-note">{view.omittedHighlights.toLocaleString('en')} more marked values are not shown; the list above has every distinct one.</p>
          )}
        </figure>
      )}
    </Subsection>
  );
}

/** When the catalog has nothing, these guide steps narrow the problem down for any error. */
function GenericNextSteps({ level }: { level: HeadingLevel }) {
  return (
    <Subsection heading="General next steps" level={level}>
      <ol>
        <li>
          <a href={GUIDE_STEPS.triageWhereFails}>Find out where it fails</a>: between the runtime and Azure, between nodes, or towards the
          data store.
        </li>
        <li>
          <a href={GUIDE_STEPS.logsSendLogs}>Collect the runtime's logs</a> and look for the first error around the time of the failure.
        </li>
        <li>
          <a href={GUIDE_STEPS.collectBothEnds}>Capture a network trace at both ends</a> if the error mentions a connection.
        </li>
        <li>
          <a href={GUIDE_STEPS.helpOpenCase}>Open a support case</a> with the error text, the report ID and the trace.
        </li>
      </ol>
    </Subsection>
  );
}
