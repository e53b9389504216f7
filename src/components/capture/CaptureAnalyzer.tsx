/**
 * The capture analyzer embedded in the guide. It only renders: bytes are read, recognised and
 * analysed in the worker, and what comes back is a CaptureReport (plain data).
 */
import type { Ref } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { dnsLookupText, dnsWiresharkText } from '../../lib/capture/dns-words';
import type { CaptureReport, Finding } from '../../lib/capture/report';
import { conversationConcerns, timestampText } from '../../lib/capture/report-words';
import { compileFilter } from '../../lib/filter';
import { GUIDE_STEPS } from '../../lib/guide/steps';
import { ConversationTable } from './ConversationTable';
import { ConversationTls } from './ConversationTls';
import { DropZone, SAMPLE_TRACE_URL } from './DropZone';
import { ExportPanel } from './ExportPanel';
import { collectNotices, FaultNotices, readInPart, restatesNotice, type Notice } from './FaultNotices';
import { FileList } from './FileList';
import { filterFromAddress, writeFilterToAddress } from './filter-address';
import { FilterBox } from './FilterBox';
import { countOf, formatBytes, formatCount, stateLabel, tlsRefusedIds } from './format';
import { HostChart } from './HostChart';
import { keepResult, keptResult, openWithResult } from './kept-result';
import { Ladder } from './Ladder';
import { ProgressPanel } from './ProgressPanel';
import { ResetList } from './ResetList';
import { ResultNav, type ResultSection } from './ResultNav';
import { streamFilter } from './stream-filter';
import { useCaptureAnalysis, type AnalysisState } from './use-capture-analysis';
import { Verdicts } from './Verdicts';
import './capture.css';
import './capture-print.css';

/** Rows the compact analyzer's table shows before it scrolls. */
const COMPACT_ROWS = 6;

interface Props {
  /** full: everything (traces/read); compact: verdicts and a small table with a link to the full page. */
  variant?: 'full' | 'compact';
}

/**
 * findingsShown: the verdicts listed, so the count matches what the reader sees below. notices:
 * files that could not be read, or not to the end, so "finished" never claims more than was read.
 */
function statusText(state: AnalysisState, sampleError: string | null, findingsShown: number, notices: Notice[]): string {
  if (sampleError) return sampleError;
  switch (state.phase) {
    case 'empty':
      return '';
    case 'detecting':
      return `Recognising ${countOf(state.fileCount, 'file')}…`;
    case 'analyzing':
      return state.cancelRequested ? 'Stopping the analysis…' : `Analysing ${countOf(state.detected.length, 'file')}…`;
    case 'done': {
      const counts = `${countOf(state.report.packets, 'packet')}, ${countOf(findingsShown, 'finding')}`;
      if (state.report.packets === 0 && notices.length > 0) return 'No packets could be read; the reasons are below.';
      return readInPart(notices) ? `Analysis finished on the part that could be read: ${counts}.` : `Analysis finished: ${counts}.`;
    }
    case 'cancelled': {
      // Say how far it got: "findings up to that point" means little without the point.
      const { progress } = state;
      const point = progress ? ` after ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)} (${countOf(progress.packets, 'packet')})` : '';
      return `Analysis cancelled${point}. ${state.findings.length > 0 ? 'Findings up to that point are shown below.' : 'No findings up to that point.'}`;
    }
    case 'failed':
      return 'The analysis stopped with an error.';
  }
}

/** The conversation a reader most likely wants to see drawn: the first one a finding points at. */
function defaultConversation(report: CaptureReport): number | null {
  const pointed = report.findings.find((finding) => finding.evidence.conversationId !== undefined);
  if (pointed) return pointed.evidence.conversationId!;
  const reset = report.tcp.conversations.find((conversation) => conversation.resetBy !== null);
  return reset?.id ?? report.tcp.conversations[0]?.id ?? null;
}

function Summary({ report }: { report: CaptureReport }) {
  // A timestamp broken at its hyphens is hard to read, so each stays on one line.
  const span = report.firstTime && report.lastTime && (
    <>
      {' '}
      from <span class="capture-summary__time">{timestampText(report.firstTime)}</span> to <span class="capture-summary__time">{timestampText(report.lastTime)}</span>
    </>
  );
  const dnsLookups = dnsLookupText(report);
  const dnsWireshark = dnsWiresharkText(report);
  const line = (
    <p data-testid="capture-summary-line">
      <span data-testid="capture-packets">{formatCount(report.packets)}</span> {report.packets === 1 ? 'packet' : 'packets'}
      {span}; <span data-testid="capture-conversation-count">{formatCount(report.tcp.conversations.length)}</span> TCP{' '}
      {report.tcp.conversations.length === 1 ? 'conversation' : 'conversations'}
      {/* A trace without TCP (DNS alone, say) has no resets or retransmissions to count: "0 resets, 0 SYN retransmissions" only adds noise. */}
      {report.tcp.conversations.length > 0 && (
        <>
          , {countOf(report.tcp.resets.length, 'reset')}, {countOf(report.tcp.synRetransmissions, 'SYN retransmission')}
          {report.tcp.duplicatePackets > 0 ? `, ${countOf(report.tcp.duplicatePackets, 'packet')} recorded twice` : ''}
        </>
      )}
      .
    </p>
  );
  // The look-ups stand on a line of their own, as in the CLI's summary. Wireshark's message
  // totals, run into them, made ten lines on a phone: they answer a question only a reader
  // comparing the two tools asks, so they wait to be opened.
  return (
    <div class="capture-summary" data-testid="capture-summary">
      {line}
      {/* A trace without DNS says nothing about DNS, rather than "no look-up". */}
      {dnsLookups !== null && <p data-testid="capture-summary-dns">DNS: {dnsLookups}.</p>}
      {dnsWireshark !== null && (
        <details class="capture-summary__wireshark" data-testid="capture-dns-wireshark">
          <summary>DNS as Wireshark counts it</summary>
          <p>{dnsWireshark}.</p>
        </details>
      )}
    </div>
  );
}

/**
 * Scrolls `section` to the top of the window and focuses `target` there. The browser's own scroll
 * on focus stops at the nearest edge: a tall section ended with its heading under Starlight's
 * sticky header, and a filter box at the foot of a phone's screen hid the table it had narrowed.
 * scrollIntoView honours the scroll-padding-top Starlight gives <html> (the header, and on narrow
 * screens its "On this page" bar), so the heading lands just below them.
 */
function revealFocused(section: Element | null | undefined, target: HTMLElement | null | undefined): void {
  target?.focus({ preventScroll: true });
  section?.scrollIntoView({ block: 'start' });
}

interface ConversationsViewProps {
  report: CaptureReport;
  variant: 'full' | 'compact';
  selectedId: number | null;
  /** The reader picked selectedId (a row, "Show the conversation"); otherwise it is the default pick. */
  chosen: boolean;
  onSelect(id: number): void;
  /** Id of the selected conversation's region, which "Show the conversation" focuses. */
  regionId: string;
  /** Id of the whole conversations section, which the result's "Skip to" links focus. */
  sectionId: string;
  /** The filter box's text; always empty in the compact analyzer, which has no box. */
  filterText: string;
  onFilterChange(filter: string): void;
  filterInputRef: Ref<HTMLInputElement>;
}

function ConversationsView({ report, variant, selectedId, chosen, onSelect, regionId, sectionId, filterText, onFilterChange, filterInputRef }: ConversationsViewProps) {
  const compiled = useMemo(() => (filterText.trim() ? compileFilter(filterText) : null), [filterText]);
  const conversations = report.tcp.conversations;
  const shown = useMemo(() => (compiled?.ok ? conversations.filter(compiled.matches) : conversations), [compiled, conversations]);
  const concerns = useMemo(() => conversationConcerns(report), [report]);
  const tlsRefused = useMemo(() => tlsRefusedIds(report.tls.alerts), [report]);
  const picked = conversations.find((conversation) => conversation.id === selectedId) ?? null;
  // The default pick gives way to the first row the filter keeps (a link with ?filter= drew a
  // conversation the table hid); the reader's own pick stays, and says that the filter hides it.
  const hidden = picked !== null && !shown.includes(picked);
  const selected = hidden && !chosen ? (shown[0] ?? null) : picked;
  // The selected conversation's TLS alerts, picked once for the lines that tell them and the ladder that marks them.
  const selectedAlerts = useMemo(() => report.tls.alerts.filter((alert) => alert.conversationId === selected?.id), [report, selected]);
  if (conversations.length === 0) return <p>No TCP conversation in this capture.</p>;
  const visibleRows = variant === 'full' ? 12 : COMPACT_ROWS;
  return (
    <section class="capture-conversations" aria-label="TCP conversations" id={sectionId} tabIndex={-1}>
      <h3>TCP conversations</h3>
      {variant === 'full' && (
        <FilterBox
          value={filterText}
          onInput={onFilterChange}
          inputRef={filterInputRef}
          problem={compiled && !compiled.ok ? compiled.problem : null} matched={shown.length} total={conversations.length} />
      )}
      {/* The compact box shows about six rows: on a busy trace the rows a finding names may be far
          down, and nothing else said there were more. */}
      {variant === 'compact' && conversations.length > COMPACT_ROWS && (
        <p data-testid="capture-compact-count">{countOf(conversations.length, 'conversation')}; scroll the table to see them all.</p>
      )}
      <ConversationTable
        conversations={shown}
        selectedId={selected?.id ?? null}
        onSelect={onSelect}
        selectable={variant === 'full'}
        concerns={concerns}
        tlsRefused={tlsRefused}
        visibleRows={visibleRows}
        caption="TCP conversations"
      />
      {/* Only the rows near the scroll position exist (the table is virtual), so paper gets a window of them. */}
      {shown.length > visibleRows && (
        <p class="capture-print-only" data-testid="capture-print-rows">
          On paper this table shows only the rows that were in view, not all {countOf(shown.length, 'conversation')}; the analyzer's Markdown summary or JSON report lists them all.
        </p>
      )}
      {variant === 'full' && selected && (
        <section class="capture-selected" id={regionId} tabIndex={-1} aria-label={`Conversation ${selected.id}`}>
          {hidden && chosen && (
            <p class="capture-selected__hidden" data-testid="capture-selected-hidden">
              The filter hides this conversation in the table above.{' '}
              <button type="button" class="capture-link-button" onClick={() => onFilterChange('')}>
                Clear the filter
              </button>
            </p>
          )}
          <h3>
            Conversation {selected.id}: {selected.client} → {selected.server}, {stateLabel(selected, tlsRefused.has(selected.id))}
          </h3>
          <p data-testid="capture-selected-counts">
            {countOf(selected.packets, 'packet')}, {countOf(selected.bytes, 'byte')}, {countOf(selected.synRetransmits, 'SYN retransmission')}.
          </p>
          {selected.proxyTarget !== undefined && (
            <p data-testid="capture-selected-tunnel">
              Through this proxy the client asked for a tunnel to {selected.proxyTarget}
              {selected.proxyStatus === undefined ? '; no answer was captured.' : `; the proxy answered HTTP ${selected.proxyStatus}.`}
            </p>
          )}
          <ConversationTls conversation={selected} alerts={selectedAlerts} />
          {selected.ladder.length > 0 ? <Ladder conversation={selected} alerts={selectedAlerts} /> : <p>No packets were kept for this conversation.</p>}
        </section>
      )}
    </section>
  );
}

export default function CaptureAnalyzer({ variant = 'full' }: Props) {
  const { state, analyze, cancel, warm, restore } = useCaptureAnalysis();
  const [sampleError, setSampleError] = useState<string | null>(null);
  const report = state.phase === 'done' ? state.report : null;
  // A choice belongs to the report it was made on; a new report starts at what its findings point to.
  const [choice, setChoice] = useState<{ report: CaptureReport; conversationId: number } | null>(null);
  const chosen = report !== null && choice?.report === report;
  const selectedId = report === null ? null : chosen ? choice!.conversationId : defaultConversation(report);
  const setSelectedId = (conversationId: number) => {
    if (report) setChoice({ report, conversationId });
  };
  const selectedRegionId = useId();
  const sectionIds = { conversations: useId(), resets: useId(), hosts: useId(), export: useId() };
  // Here rather than in the conversation view, so a finding can narrow the table to its conversations.
  const [filterText, setFilterText] = useState(() => (variant === 'full' ? filterFromAddress() : ''));
  const changeFilter = (filter: string) => {
    setFilterText(filter);
    writeFilterToAddress(filter);
  };
  // The server renders without the address, so what depends on it waits for the first client render (hydration keeps the server's markup).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const filterInput = useRef<HTMLInputElement>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const kept = keptResult();
    if (!kept) return;
    restore(kept.detected, kept.report);
    // Opened from the compact analyzer: the page loaded with focus on <body>, far above the result.
    if (kept.handedOver) requestAnimationFrame(() => statusLine.current?.focus());
  }, [restore]);
  useEffect(() => {
    if (state.phase === 'done') keepResult({ detected: state.detected, report: state.report });
    else if (state.phase === 'detecting') keepResult(null);
  }, [state]);
  const busy = state.phase === 'detecting' || state.phase === 'analyzing';
  // Reading disables the file input and the sample button, which drops focus to <body> (and the
  // browser hands focus back to the input only after the file dialog closes, so this runs after
  // render rather than on change): the status line, which says what is happening, takes it. So
  // does it when Cancel is pressed: the button is disabled, then gone once the run has stopped.
  const cancelRequested = state.phase === 'analyzing' && state.cancelRequested;
  useEffect(() => {
    const focused = document.activeElement;
    const stranded = focused === null || focused === document.body || (focused instanceof HTMLInputElement || focused instanceof HTMLButtonElement ? focused.disabled : false);
    if ((busy || state.phase === 'cancelled' || state.phase === 'failed') && stranded) statusLine.current?.focus();
  }, [busy, state.phase, cancelRequested]);

  const loadSample = async () => {
    setSampleError(null);
    try {
      const response = await fetch(SAMPLE_TRACE_URL);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const name = SAMPLE_TRACE_URL.slice(SAMPLE_TRACE_URL.lastIndexOf('/') + 1);
      await analyze([new File([await response.blob()], name)]);
    } catch (error) {
      setSampleError(`The sample trace could not be loaded (${error instanceof Error ? error.message : String(error)}).`);
    }
  };
  const showConversation = (conversationId: number) => {
    setSelectedId(conversationId);
    requestAnimationFrame(() => {
      const region = document.getElementById(selectedRegionId);
      revealFocused(region, region);
    });
  };
  // Focus goes to the filter box: it shows what was done and how to undo it, its count line says
  // how many matched (and, being live, announces it), and the table is the next stop. The view
  // starts at the table's heading, so on a phone the count and the narrowed rows are in sight too.
  const showConversations = (conversationIds: number[]) => {
    changeFilter(streamFilter(conversationIds));
    setSelectedId(conversationIds[0]);
    requestAnimationFrame(() => revealFocused(filterInput.current?.closest('.capture-conversations'), filterInput.current));
  };

  const detected = 'detected' in state ? state.detected : [];
  const partialFindings: Finding[] | null = state.phase === 'analyzing' ? (state.progress?.findings ?? []) : state.phase === 'cancelled' || state.phase === 'failed' ? state.findings : null;
  const notices = collectNotices(detected, report, state.phase === 'failed' ? state.fault : null, report?.findings ?? partialFindings ?? []);
  const verdictsOf = (findings: Finding[]) => findings.filter((finding) => !restatesNotice(finding, notices));
  // When no file could be read at all, "no problem found" and an empty summary would only mislead.
  const showResults = report !== null && (report.packets > 0 || notices.length === 0);
  // Results follow the notices only when some packet was read; a damaged file is itself "supported".
  const othersReadable = report !== null ? report.packets > 0 : detected.some((file) => file.detection.supported && !notices.some((notice) => notice.file === file.name));
  const goToSection = (sectionId: string) => {
    const section = document.getElementById(sectionId);
    revealFocused(section, section);
  };
  const findingsShown = report === null ? 0 : verdictsOf(report.findings).length;
  // Only the sections this result has, and only past findings: they hold the Tab stops to skip.
  const sections: ResultSection[] =
    report === null || findingsShown === 0
      ? []
      : [
          ...(report.tcp.conversations.length > 0 ? [{ id: sectionIds.conversations, label: `Conversations (${formatCount(report.tcp.conversations.length)})` }] : []),
          ...(variant === 'full' && report.tcp.resets.length > 0 ? [{ id: sectionIds.resets, label: `Resets (${formatCount(report.tcp.resets.length)})` }] : []),
          ...(variant === 'full' && report.hosts.length > 0 ? [{ id: sectionIds.hosts, label: `Hosts (${formatCount(report.hosts.length)})` }] : []),
          { id: sectionIds.export, label: 'Share the result' },
        ];

  return (
    <div class={`capture-analyzer capture-analyzer--${variant} not-content`} data-phase={state.phase} data-testid="capture-analyzer">
      <DropZone
        onFiles={(files) => {
          setSampleError(null);
          void analyze(files);
        }}
        onSample={loadSample}
        onIntent={warm}
        busy={busy}
        condensed={state.phase !== 'empty'}
      />
      {/* "Copy a link with this filter" promises the filter is filled in; until a capture is chosen the filter box does not exist, so say so here. */}
      {state.phase === 'empty' && variant === 'full' && hydrated && filterText.trim() !== '' && (
        <p class="capture-pending-filter" data-testid="capture-pending-filter">
          The link you opened carries a filter, <code>{filterText}</code>:{' '}
          {compileFilter(filterText).ok ? 'it will narrow the conversations of the capture you choose.' : 'it does not parse, and the filter box will say why once a capture is chosen.'}
        </p>
      )}
      <p role="status" class="capture-status" data-testid="capture-status" tabIndex={-1} ref={statusLine}>
        {statusText(state, sampleError, findingsShown, notices)}
      </p>
      {detected.length > 0 && <FileList detected={detected} summaries={report?.files} />}
      {state.phase === 'analyzing' && (
        <ProgressPanel
          progress={state.progress}
          filesBytes={state.detected.reduce((sum, file) => sum + file.size, 0)}
          startedAt={state.startedAt}
          cancelRequested={state.cancelRequested}
          onCancel={cancel}
        />
      )}
      {state.phase === 'failed' && !state.fault && (
        <div class="capture-faults" role="alert" data-testid="capture-crash">
          <h3>The analyzer stopped unexpectedly</h3>
          <p>{state.message}</p>
          <p>This is a fault in shir-doctor, not in your file. Findings up to that point are shown; the command-line tool may get further.</p>
        </div>
      )}
      <FaultNotices notices={notices} othersReadable={othersReadable} />
      {partialFindings && <Verdicts findings={verdictsOf(partialFindings)} partial={state.phase === 'analyzing'} />}
      {report && showResults && (
        <>
          <ResultNav sections={sections} onGo={goToSection} />
          <Summary report={report} />
          <Verdicts findings={verdictsOf(report.findings)} partial={false} readInPart={readInPart(notices)} onShowConversation={variant === 'full' ? showConversation : undefined}
            onShowConversations={variant === 'full' ? showConversations : undefined} />
          <ConversationsView report={report} variant={variant} selectedId={selectedId} chosen={chosen} onSelect={setSelectedId} regionId={selectedRegionId} sectionId={sectionIds.conversations}
            filterText={filterText} onFilterChange={changeFilter} filterInputRef={filterInput} />
          {variant === 'full' && report.tcp.resets.length > 0 && (
            <section aria-label="Resets" id={sectionIds.resets} tabIndex={-1}>
              <h3>Resets</h3>
              <ResetList report={report} onShowConversation={showConversation} />
            </section>
          )}
          {variant === 'full' && report.hosts.length > 0 && (
            <section aria-label="Hosts" id={sectionIds.hosts} tabIndex={-1}>
              <h3>Distance to each host</h3>
              <HostChart hosts={report.hosts} resets={report.tcp.resets} />
            </section>
          )}
          <ExportPanel id={sectionIds.export} report={report} fileSizes={new Map(detected.map((file) => [file.name, file.size]))} summaryOnly={variant === 'compact'} />
        </>
      )}
      {variant === 'compact' && (
        <p class="capture-more">
          <a
            href={GUIDE_STEPS.readAnalyzer}
            onClick={(event) => {
              if (state.phase === 'done' && openWithResult(GUIDE_STEPS.readAnalyzer, { detected: state.detected, report: state.report })) event.preventDefault();
            }}
          >
            Open the full analyzer
          </a>{' '}
          for the packet ladder, filters, TTL per host and the JSON report. {report === null ? 'Pick the files there.' : 'This result goes with you, within this tab.'}
        </p>
      )}
    </div>
  );
}
