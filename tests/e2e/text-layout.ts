import type { Locator } from '@playwright/test';

/**
 * How the browser actually laid text out, measured from line boxes rather than from CSS values:
 * a test then fails on the symptom the reader sees, whatever rule causes it.
 */

/** Letter/digit runs that the browser split over two lines ("Conne|ction"); breaks at spaces, hyphens or dots are fine. */
export async function wordsBrokenAcrossLines(root: Locator): Promise<string[]> {
  return root.evaluate((element) => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of (node.textContent ?? '').matchAll(/[\p{L}\p{N}]{2,}/gu)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  });
}

/** The number of lines the element's text occupies, from the text's own boxes (not the line elements around it). */
export async function renderedLineCount(element: Locator): Promise<number> {
  return element.evaluate((target) => {
    const tops: number[] = [];
    const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if ((node.textContent ?? '').trim() === '') continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.push(rect.top);
    }
    // Spans of one line may sit a pixel or two apart (highlighting, mixed fonts); a new line starts
    // further down than that.
    tops.sort((a, b) => a - b);
    return tops.filter((top, index) => index === 0 || top - tops[index - 1] > 4).length;
  });
}
