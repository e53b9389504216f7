/**
 * A polite status region that says each message once and then empties itself. Shared by the
 * guide's step-link copies and the known-issues page's command copies; no framework needed.
 */

/** How long a message stays in the region, in milliseconds. */
export const STATUS_CLEAR_MS = 4000;

/** The function that writes `message` into `status`, announced even when it repeats the last one. */
export function liveAnnouncer(status: HTMLElement): (message: string) => void {
  let clearTimer: ReturnType<typeof setTimeout> | undefined;
  return (message) => {
    // Clearing first makes screen readers repeat the message when the same action happens twice.
    status.textContent = '';
    requestAnimationFrame(() => {
      status.textContent = message;
    });
    clearTimeout(clearTimer);
    clearTimer = setTimeout(() => {
      status.textContent = '';
    }, STATUS_CLEAR_MS);
  };
}
