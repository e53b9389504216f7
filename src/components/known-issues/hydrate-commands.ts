/**
 * Brings the known-issues page's statically rendered commands to life: the same CommandLine the log
 * analyzer uses, hydrated in place, so each command gains its Copy button and sideways scrolling by
 * keyboard. With hundreds of commands on the page, each is hydrated only when it nears the screen.
 */
import { h, hydrate } from 'preact';
import { CommandLine } from '../logs/CommandLine';

const STATUS_CLEAR_MS = 4000;

/** One polite live region for the whole page; the Copy buttons report through it. */
function createAnnouncer(): (message: string) => void {
  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  status.dataset.commandCopyStatus = '';
  document.querySelector('main')?.append(status);
  let clearTimer: ReturnType<typeof setTimeout> | undefined;
  return (message) => {
    // Clearing first makes screen readers repeat "Copied" for a second copy.
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

export function hydrateCommands(root: ParentNode): void {
  const announce = createAnnouncer();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const { isIntersecting, target } of entries) {
        if (!isIntersecting || !(target instanceof HTMLElement)) continue;
        observer.unobserve(target);
        // The props must be those of the static render: the text is read back from it.
        const text = target.querySelector('code')?.textContent ?? '';
        hydrate(h(CommandLine, { text, purpose: target.dataset.purpose ?? '', announce }), target);
      }
    },
    { rootMargin: '600px 0px' },
  );
  for (const holder of root.querySelectorAll('[data-command-holder]')) observer.observe(holder);
}
