/**
 * A block that keeps long lines as written scrolls sideways; a keyboard user can only scroll it if
 * it takes focus (axe: scrollable-region-focusable). Only blocks that do overflow become Tab stops,
 * so a list of short commands does not double its Tab stops. Returns the clean-up for unmounting.
 */
export function keepScrollableReachable(element: HTMLElement): () => void {
  const update = () => {
    if (element.scrollWidth > element.clientWidth) element.tabIndex = 0;
    else element.removeAttribute('tabindex');
  };
  const observer = new ResizeObserver(update);
  observer.observe(element);
  update();
  return () => observer.disconnect();
}
