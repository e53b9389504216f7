import { useState } from 'preact/hooks';
import { reportToMarkdown } from '../../lib/capture/export-markdown';
import { ladderJsonReplacer } from '../../lib/capture/ladder-rows';
import type { CaptureReport } from '../../lib/capture/report';

function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  // Revoked on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

interface Props {
  /** The section's id, for the result's "Skip to" links (it takes focus). */
  id: string;
  report: CaptureReport;
  /** Each file's size on disk by name, so the export says what the file list says. */
  fileSizes: ReadonlyMap<string, number>;
  /** The compact analyzer offers the ticket summary alone; the full one adds downloads and JSON. */
  summaryOnly?: boolean;
}

/** Markdown for a ticket and the JSON report, to download or copy; all built locally from the report. */
export function ExportPanel({ id, report, fileSizes, summaryOnly = false }: Props) {
  const [status, setStatus] = useState('');
  const markdown = () => reportToMarkdown(report, { baseUrl: location.origin, fileSizes });
  const json = () => JSON.stringify(report, ladderJsonReplacer, 2);
  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`${what} copied to the clipboard.`);
    } catch {
      setStatus(`The browser refused clipboard access; use the download button for the ${what} instead.`);
    }
  };
  return (
    <section class="capture-export" aria-label="Export" id={id} tabIndex={-1}>
      <h3>Share the result</h3>
      <p>The summary names addresses and host names from the capture; read it before pasting it into a ticket.</p>
      <div class="capture-export__buttons">
        <button type="button" class="capture-button" onClick={() => copy(markdown(), 'Markdown summary')}>
          Copy Markdown summary
        </button>
        {!summaryOnly && (
          <>
            <button type="button" class="capture-button capture-button--quiet" onClick={() => download(markdown(), 'capture-summary.md', 'text/markdown')}>
              Download Markdown
            </button>
            <button type="button" class="capture-button capture-button--quiet" onClick={() => copy(json(), 'JSON report')}>
              Copy JSON report
            </button>
            <button type="button" class="capture-button capture-button--quiet" onClick={() => download(json(), 'capture-report.json', 'application/json')}>
              Download JSON
            </button>
          </>
        )}
      </div>
      <p role="status" class="capture-export__status">
        {status}
      </p>
    </section>
  );
}
