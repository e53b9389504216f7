import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  /** Class of the scrolling element itself (its overflow and size rules). */
  class: string;
  /** Accessible name; the region is focusable so keyboard users can scroll it with the arrow keys. */
  label: string;
  style?: Record<string, string>;
  /** For a caller that needs the scrolling element too (the virtualised table measures it). */
  scrollRef?: RefObject<HTMLDivElement>;
  children: ComponentChildren;
}

/**
 * A region that scrolls sideways inside the guide's column instead of widening the page. Its frame
 * gets `data-more-right` while content lies past the right edge, and CSS fades that edge: overlay
 * scrollbars (macOS, phones) draw nothing until the user scrolls, and a table cut at a column
 * border otherwise looks complete. The attribute is set on the DOM directly, so scrolling does not
 * re-render a 100,000-row table.
 */
export function ScrollRegion({ class: className, label, style, scrollRef, children }: Props) {
  const ownRef = useRef<HTMLDivElement>(null);
  const region = scrollRef ?? ownRef;
  useEffect(() => {
    const element = region.current;
    const frame = element?.parentElement;
    if (!element || !frame) return;
    const update = () => {
      // One pixel of slack: zoomed layouts report fractional widths rounded both ways.
      const hidden = element.scrollWidth - element.clientWidth;
      frame.toggleAttribute('data-more-right', hidden > 1 && element.scrollLeft < hidden - 1);
    };
    update();
    element.addEventListener('scroll', update, { passive: true });
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => {
      element.removeEventListener('scroll', update);
      observer.disconnect();
    };
  }, [region]);
  return (
    <div class="capture-scroll-frame">
      <div class={className} ref={region} tabIndex={0} role="region" aria-label={label} style={style}>
        {children}
      </div>
    </div>
  );
}
