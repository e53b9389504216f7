import { existsSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { GUIDE_STEPS } from '../../src/lib/guide/steps';
import { DIST, fileForPath, pagePath, readBuiltPages, type BuiltPage } from './guide-site';

// These checks read dist/ directly: the e2e run always follows a build, so the files are current.
test.skip(!existsSync(DIST), 'dist/ is missing: run `npx astro build` first');

const SITE_ORIGIN = 'https://internal.invalid';

let pages: BuiltPage[] = [];
const pagesByPath = new Map<string, BuiltPage>();
test.beforeAll(() => {
  pages = readBuiltPages();
  for (const page of pages) pagesByPath.set(page.path, page);
});

test('every page declares each id once, and step ids are unique across the site', () => {
  const problems: string[] = [];
  const stepOwner = new Map<string, string>();
  for (const page of pages) {
    const seen = new Set<string>();
    for (const id of page.ids) {
      if (seen.has(id)) problems.push(`${page.path}: id "${id}" appears more than once`);
      seen.add(id);
    }
    for (const id of page.stepIds) {
      const owner = stepOwner.get(id);
      if (owner && owner !== page.path) problems.push(`step id "${id}" is used on ${owner} and ${page.path}`);
      stepOwner.set(id, page.path);
    }
  }
  expect(stepOwner.size, 'the guide should have steps').toBeGreaterThan(40);
  expect(problems).toEqual([]);
});

test('every internal link and #anchor in the built pages resolves', () => {
  const broken: string[] = [];
  for (const page of pages) {
    for (const href of page.links) {
      const url = new URL(href, SITE_ORIGIN + page.path);
      if (url.origin !== SITE_ORIGIN) continue;
      const file = fileForPath(decodeURIComponent(url.pathname));
      if (!file) {
        broken.push(`${page.path} -> ${href} (no such file)`);
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (!fragment || !file.endsWith('.html')) continue;
      const target = pagesByPath.get(pagePath(file));
      if (!target?.ids.includes(fragment)) broken.push(`${page.path} -> ${href} (no element with id "${fragment}")`);
    }
  }
  expect(broken).toEqual([]);
});

test('every script, image and island module a page references exists', () => {
  expect(pages.flatMap((page) => page.sources).length, 'pages should reference scripts').toBeGreaterThan(0);
  const missing = pages.flatMap((page) =>
    page.sources
      .map((source) => new URL(source, SITE_ORIGIN + page.path))
      .filter((url) => url.origin === SITE_ORIGIN && !fileForPath(decodeURIComponent(url.pathname)))
      .map((url) => `${page.path} -> ${url.pathname}`),
  );
  expect(missing).toEqual([]);
});

test('every GUIDE_STEPS path that code links to is a step on its page', () => {
  const missing = Object.entries(GUIDE_STEPS).flatMap(([key, path]) => {
    const [pathname, id] = path.split('#');
    const page = pagesByPath.get(pathname);
    if (!page) return [`${key}: page ${pathname} was not built`];
    return page.stepIds.includes(id) ? [] : [`${key}: ${pathname} has no step with id "${id}"`];
  });
  expect(missing).toEqual([]);
});
