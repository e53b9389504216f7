/**
 * One command as the reader types it, with a Copy button. Lines stay as written and scroll
 * sideways: a PowerShell line broken after "-UseBasicParsing -" reads as two broken commands.
 * Shared by the log analyzer and the known-issues page, which renders it statically and hydrates it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copyText } from './clipboard';
import { keepScrollableReachable } from './scrollable';
import './command-line.css';

const OUTCOME_SHOWN_MS = 2000;

interface Props {
  text: string;
  /** What the command is for; names the Copy button for screen readers. */
  purpose: string;
  announce: (message: string) => void;
}

export function CommandLine({ text, purpose, announce }: Props) {
  const textRef = useRef<HTMLPreElement>(null);
  // Rendered without script (the known-issues page), a Copy button would do nothing: it shows only
  // once the component runs in the browser. Until then it keeps its place, unseen and out of the
  // tab order, so the page does not shift under a reader who followed a link to an entry.
  const [running, setRunning] = useState(false);
  useEffect(() => {
    setRunning(true);
    return textRef.current ? keepScrollableReachable(textRef.current) : undefined;
  }, []);

  // The live region speaks; the button shows it too, for 2 s, since a sighted reader clicking Copy
  // saw nothing change and could not tell whether it had worked.
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  useEffect(() => {
    if (outcome === null) return;
    const timer = setTimeout(() => setOutcome(null), OUTCOME_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [outcome]);

  async function copy() {
    const copied = await copyText(text);
    setOutcome(copied ? 'copied' : 'failed');
    announce(copied ? 'Copied' : 'Could not copy: select the command and copy it by hand.');
  }

  return (
    <div class="log-command-line not-content">
      <pre class="log-command-text" ref={textRef}>
        <code>{text}</code>
      </pre>
      <button type="button" class={running ? 'log-button log-button-small' : 'log-button log-button-small log-command-copy-waiting'} onClick={copy}>
        {outcome === 'copied' ? 'Copied' : outcome === 'failed' ? 'Not copied' : 'Copy'}
        <span class="log-visually-hidden"> command: {purpose}</span>
      </button>
    </div>
  );
}
