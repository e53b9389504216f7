import type { Page, Request } from '@playwright/test';

/**
 * Records every request the page makes. `foreign()` lists those that left our own origin;
 * `since(mark)` lists any made after a point (e.g. once analysis starts, there must be none
 * besides worker/chunk loads from our own origin).
 */
export function recordRequests(page: Page, origin: string) {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return {
    all: () => requests.map((r) => r.url()),
    foreign: () => requests.map((r) => r.url()).filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')),
    mark: () => requests.length,
    since: (mark: number) => requests.slice(mark).map((r) => r.url()),
  };
}

/** Islands render static HTML first; handlers exist only once the `ssr` attribute is gone. */
export async function waitForIslands(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
}
