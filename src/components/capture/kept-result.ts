/**
 * A finished result kept in this page's history entry, so following a finding's "What to do" link
 * and coming Back shows it again instead of an empty analyzer (browsers without the back/forward
 * cache reload the page), and so the compact analyzer can hand it to the full one. history.state
 * takes structured clones, so the report's packed ladder rows are kept as they are, and it lives
 * only as long as the tab's history: nothing is stored for other tabs or later visits.
 */
import type { CaptureReport } from '../../lib/capture/report';
import type { DetectedFile } from './worker-client';

const KEY = 'shirDoctorCapture';

interface KeptResult {
  detected: DetectedFile[];
  report: CaptureReport;
  /** Set by openWithResult only: the page opened on it, so focus belongs on the result, not <body>. */
  handedOver?: boolean;
}

function currentState(): Record<string, unknown> {
  const state: unknown = history.state;
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
}

export function keptResult(): KeptResult | null {
  const kept = currentState()[KEY] as KeptResult | undefined;
  return kept && Array.isArray(kept.detected) && typeof kept.report === 'object' ? kept : null;
}

export function keepResult(result: KeptResult | null): void {
  const next = { ...currentState() };
  if (result) next[KEY] = result;
  else delete next[KEY];
  try {
    history.replaceState(next, '');
  } catch {
    // A report too large for the browser's history entry is simply not kept; Back then shows an
    // empty analyzer, as before.
  }
}

/**
 * Opens `href` in this tab with the result in its new history entry, where the analyzer there
 * finds it as a kept result: pushState gives the entry its state, and reloading loads the page the
 * entry now names. False when the browser refuses a state that large; the caller then navigates
 * plainly.
 */
export function openWithResult(href: string, result: KeptResult): boolean {
  try {
    history.pushState({ [KEY]: { ...result, handedOver: true } }, '', href);
  } catch {
    return false;
  }
  location.reload();
  return true;
}
