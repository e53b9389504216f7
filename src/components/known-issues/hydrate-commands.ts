/**
 * Brings the known-issues page's statically rendered commands to life: the same CommandLine the log
 * analyzer uses, hydrated in place, so each command gains its Copy button and, when it overflows,
 * a Tab stop for scrolling it. All at once: a few dozen small components hydrate in milliseconds,
 * and a command left static would be a scrollable block the keyboard cannot reach.
 */
import { h, hydrate } from 'preact';
import { liveAnnouncer } from '../live-status';
import { CommandLine } from '../logs/CommandLine';

/** One polite live region for the whole page; the Copy buttons report through it. */
function createAnnouncer(): (message: string) => void {
  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('role', 'status');
  status.dataset.commandCopyStatus = '';
  document.querySelector('main')?.append(status);
  return liveAnnouncer(status);
}

export function hydrateCommands(root: ParentNode): void {
  const announce = createAnnouncer();
  for (const holder of root.querySelectorAll<HTMLElement>('[data-command-holder]')) {
    // The props must be those of the static render: the text is read back from it.
    const text = holder.querySelector('code')?.textContent ?? '';
    hydrate(h(CommandLine, { text, purpose: holder.dataset.purpose ?? '', announce }), holder);
  }
}
