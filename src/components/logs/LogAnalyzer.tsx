/**
 * The error-log analyzer island: paste or load text, analyse it in a Web Worker, show the report,
 * and share it as a link whose text lives in the URL fragment. Nothing is sent anywhere.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { LogReport } from '../../lib/logs/types';
import { GUIDE_STEPS } from '../../lib/guide/steps';
import { ShareError, decodeLogFromLink, encodeLogForLink, readShareParameter, shareHash, withoutKeySecrets } from '../../lib/share/log-link';
import { copyText } from './clipboard';
import { formatSize } from './labels';
import type { LoadedText } from './read-log-file';
import { LogResults, type HeadingLevel, type Variant } from './LogResults';
import './log-analyzer.css';

interface Props {
  /** `compact` is the smaller box inside guide steps; its cards link to the catalog entry. */
  variant?: Variant;
  /** Level of the results heading, so the widget fits the outline of the page it sits in. */
  headingLevel?: HeadingLevel;
}

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; characters: number }
  | { kind: 'done'; report: LogReport; text: string }
  | { kind: 'failed'; message: string };

type ShareState = { kind: 'none' } | { kind: 'made'; url: string; copied: boolean; removedSecrets: number } | { kind: 'refused'; message: string };

/**
 * A textarea holding megabytes of text costs the browser seconds of layout on the main thread, so
 * a text above LARGE_TEXT_CHARS is kept aside and the box shows only its first PREVIEW_CHARS.
 */
const LARGE_TEXT_CHARS = 500_000;
const PREVIEW_CHARS = 100_000;

interface HeldText {
  text: string;
  preview: string;
}

/** Shared links open the full analyzer, whichever page they were made on. */
const SHARE_PAGE = GUIDE_STEPS.triageErrorText.split('#')[0];

type LogClient = typeof import('./log-client');

export default function LogAnalyzer({ variant = 'full', headingLevel = 3 }: Props) {
  const idPrefix = `log-${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const textArea = useRef<HTMLTextAreaElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const client = useRef<LogClient | null>(null);
  const held = useRef<HeldText | null>(null);
  const currentRun = useRef(0);
  const running = useRef(false);
  const warmed = useRef(false);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [problem, setProblem] = useState('');
  const [share, setShare] = useState<ShareState>({ kind: 'none' });
  const [announcement, setAnnouncement] = useState('');
  const [heldNote, setHeldNote] = useState('');

  /** Puts text in the box, or, when it is large, a preview of it while the whole text waits aside. */
  function fillBox(text: string, source: string) {
    if (!textArea.current) return;
    if (text.length <= LARGE_TEXT_CHARS) {
      held.current = null;
      setHeldNote('');
      textArea.current.value = text;
      return;
    }
    // Never end the preview on half of a surrogate pair: the box would show a broken character.
    const highSurrogateLast = /[\uD800-\uDBFF]/.test(text[PREVIEW_CHARS - 1]);
    const preview = text.slice(0, highSurrogateLast ? PREVIEW_CHARS - 1 : PREVIEW_CHARS);
    held.current = { text, preview };
    textArea.current.value = preview;
    setHeldNote(`The box shows the first ${formatSize(PREVIEW_CHARS)} of ${source} (${formatSize(text.length)}); the analysis and the link use all of it. Editing the box replaces it with what you see.`);
  }

  /** The whole held text while the box still shows its untouched preview; otherwise what the box holds. */
  function boxText(): string {
    const shown = textArea.current?.value ?? '';
    if (held.current && shown === held.current.preview) return held.current.text;
    if (held.current) {
      held.current = null;
      setHeldNote('');
    }
    return shown;
  }

  function announce(message: string) {
    // Re-setting the same text would not be announced again; clear it first.
    setAnnouncement('');
    setTimeout(() => setAnnouncement(message), 50);
  }

  async function analyze(text: string): Promise<void> {
    const run = ++currentRun.current;
    setProblem('');
    if (text.trim() === '') {
      setState({ kind: 'idle' });
      setProblem('Paste an error message or a log first, or load a file.');
      return;
    }
    // A new analysis replaces one still running, which only ending its worker can stop.
    if (running.current) client.current?.stopAnalysis();
    running.current = true;
    setState({ kind: 'busy', characters: text.length });
    try {
      const report = await (await loadClient()).analyzeInWorker(text);
      if (run !== currentRun.current) return;
      running.current = false;
      setState({ kind: 'done', report, text });
      announce(`Analysis done. ${report.summary}`);
    } catch (error) {
      if (run !== currentRun.current) return;
      running.current = false;
      setState({ kind: 'failed', message: `The analysis stopped: ${error instanceof Error ? error.message : String(error)}.` });
    }
  }

  async function loadClient(): Promise<LogClient> {
    client.current ??= await import('./log-client');
    return client.current;
  }

  /**
   * First sign of use (focus, pointer or a file dragged in): fetch the worker and the file reader now,
   * so they are ready, even offline, when the user presses Analyze or drops a file.
   */
  function warmUp() {
    if (warmed.current) return;
    warmed.current = true;
    // A failure here (say, already offline) resurfaces, with its message, when it is really needed.
    loadClient().then((loaded) => loaded.startWorker(), () => undefined);
    import('./read-log-file').catch(() => undefined);
  }

  function cancel() {
    currentRun.current++;
    running.current = false;
    client.current?.stopAnalysis();
    setState({ kind: 'idle' });
    announce('Analysis stopped.');
  }

  function analyzeBox() {
    void analyze(boxText());
  }

  async function loadFile(file: File) {
    let loaded: LoadedText;
    try {
      // The reader (and the capture format sniffers it asks) load only when someone is about to use them.
      const { readLogFile } = await import('./read-log-file');
      loaded = await readLogFile(file);
    } catch (error) {
      setState({ kind: 'idle' });
      const named = error instanceof Error && error.name === 'LogFileError';
      setProblem(named ? error.message : `Could not read ${file.name}. Open it in a text editor and paste the part with the error.`);
      return;
    }
    fillBox(loaded.text, file.name);
    await analyze(boxText());
    if (loaded.cut) setProblem(`${file.name} holds more than 10 MB of text, so only its last 10 MB (the newest lines) were loaded.`);
  }

  function pickFile(event: Event) {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file) void loadFile(file);
  }

  /** Without this, a log file dropped on the box makes the browser leave the page to display it. */
  function dropFile(event: DragEvent) {
    const file = event.dataTransfer?.files[0];
    if (!file) return;
    event.preventDefault();
    void loadFile(file);
  }

  async function makeLink() {
    const text = boxText();
    if (text.trim() === '') {
      setShare({ kind: 'refused', message: 'There is no text to share yet: paste an error first.' });
      return;
    }
    try {
      const shareable = withoutKeySecrets(text);
      const url = `${location.origin}${SHARE_PAGE}${shareHash(await encodeLogForLink(shareable.text))}`;
      const copied = await copyText(url);
      setShare({ kind: 'made', url, copied, removedSecrets: shareable.removed });
      announce(copied ? 'Copied the link.' : 'The link is below; copy it by hand.');
    } catch (error) {
      setShare({ kind: 'refused', message: error instanceof ShareError ? error.message : 'Could not make a link for this text.' });
    }
  }

  // A shared link fills the box and runs the analysis; hashchange covers a link pasted into the same tab.
  useEffect(() => {
    async function openFromLocation() {
      const value = readShareParameter(location.hash);
      if (value === null || !textArea.current) return;
      try {
        fillBox(await decodeLogFromLink(value), 'the text in the link');
      } catch (error) {
        setProblem(`The error text in this link could not be opened. ${error instanceof ShareError ? error.message : ''}`);
        return;
      }
      root.current?.scrollIntoView({ block: 'start' });
      await analyze(boxText());
    }
    void openFromLocation();
    addEventListener('hashchange', openFromLocation);
    return () => removeEventListener('hashchange', openFromLocation);
  }, []);

  const compact = variant === 'compact';
  return (
    <div ref={root} class={`log-analyzer not-content${compact ? ' log-analyzer-compact' : ''}`} data-pagefind-ignore onFocusIn={warmUp} onPointerEnter={warmUp} onDragEnter={warmUp}>
      <label for={`${idPrefix}-text`} class="log-label">
        {compact ? 'Paste the error message' : 'Paste an error message or a log'}
      </label>
      <p id={`${idPrefix}-hint`} class="log-hint">
        Press Ctrl+Enter to analyse; you can also drop a .log file on the box. Nothing you paste leaves your browser; the link keeps the text after # which browsers do not send.
      </p>
      <textarea
        ref={textArea}
        id={`${idPrefix}-text`}
        class="log-input"
        rows={compact ? 4 : 10}
        spellcheck={false}
        autocomplete="off"
        aria-describedby={`${idPrefix}-hint`}
        onInput={() => {
          // A link made earlier holds the earlier text; leaving it on show would invite sharing the wrong one.
          if (share.kind !== 'none') setShare({ kind: 'none' });
        }}
        onDragOver={(event) => {
          if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
        }}
        onDrop={dropFile}
        onPaste={(event) => {
          // A huge paste would otherwise freeze the page while the textarea lays it out.
          const pasted = event.clipboardData?.getData('text/plain') ?? '';
          if (pasted.length > LARGE_TEXT_CHARS) {
            event.preventDefault();
            fillBox(pasted, 'the pasted text');
          }
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            analyzeBox();
          }
        }}
      />
      {heldNote && <p class="log-note">{heldNote}</p>}
      <div class="log-actions">
        <button type="button" class="log-button log-button-primary" onClick={analyzeBox}>
          Analyze
        </button>
        {/* Named on the input, its words hidden from assistive technology: they were read twice, as text and as the button. */}
        <label class="log-button log-file">
          <span aria-hidden="true">Load a .txt or .log file</span>
          <input type="file" accept=".txt,.log,text/plain" class="log-visually-hidden" aria-label="Load a .txt or .log file" onChange={pickFile} />
        </label>
        <button type="button" class="log-button" onClick={makeLink}>
          Copy a link with this error
        </button>
      </div>
      {share.kind === 'made' && (
        <p class="log-share">
          <label for={`${idPrefix}-link`}>{share.copied ? 'Link copied. It holds the text after #, so no server sees it:' : 'Copy this link by hand:'}</label>
          <input id={`${idPrefix}-link`} class="log-share-link" type="text" readOnly value={share.url} onFocus={(event) => event.currentTarget.select()} />
          {share.removedSecrets > 0 && (
            <span class="log-share-note">
              The text quotes the runtime's authentication key; its secret part is left out of the link, since anyone holding the key can register a node.
            </span>
          )}
        </p>
      )}
      {share.kind === 'refused' && (
        <p class="log-problem" role="alert">
          {share.message}
        </p>
      )}
      {problem && (
        <p class="log-problem" role="alert">
          {problem}
        </p>
      )}
      <div role="status" class="log-status">
        {state.kind === 'busy' && (
          <span class="log-busy">
            <progress aria-label="Analysing" /> Analysing {formatSize(state.characters)}…{' '}
          </span>
        )}
      </div>
      {state.kind === 'busy' && (
        <button type="button" class="log-button log-button-small" onClick={cancel}>
          Stop
        </button>
      )}
      <p class="log-visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {state.kind === 'failed' && (
        <p class="log-problem" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && (
        <LogResults report={state.report} text={state.text} variant={variant} headingLevel={headingLevel} idPrefix={idPrefix} announce={announce} />
      )}
    </div>
  );
}
