/** The full analyzer's filter, kept in the page address so a link carries it. */
import { compileFilter } from '../../lib/filter';

/**
 * A link may carry a filter (`?filter=tcp.port%20%3D%3D%208060`), so a support engineer can send a
 * page whose conversation list opens already narrowed. Read as the analyzer starts in the browser
 * (the server's render has no address, and no list to filter); only the full analyzer, whose
 * filter box shows it.
 */
export function filterFromAddress(): string {
  return typeof location === 'undefined' ? '' : (new URLSearchParams(location.search).get('filter') ?? '');
}

/**
 * The address follows the filter as it is typed (replaceState: no history entry per keystroke), so
 * a copied link opens the view the sender was looking at. Only a filter that parses is written: a
 * half-typed one ("ip.addr == ") would open the next visit on an error; the address keeps the
 * last one that worked until this one does.
 */
export function writeFilterToAddress(filter: string): void {
  if (filter.trim() && !compileFilter(filter).ok) return;
  const url = new URL(location.href);
  if (filter.trim()) url.searchParams.set('filter', filter);
  else url.searchParams.delete('filter');
  history.replaceState(history.state, '', url);
}
