import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepsInMdx } from '../../../src/components/guide/step-outline';
import { GUIDE_STEPS } from '../../../src/lib/guide/steps';

const DOCS = join(process.cwd(), 'src/content/docs');

function mdxFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return mdxFiles(full);
    return entry.name.endsWith('.mdx') ? [full] : [];
  });
}

/** "src/content/docs/traces/read.mdx" is served at "/traces/read/". */
function urlPath(file: string): string {
  const slug = relative(DOCS, file).split(sep).join('/').replace(/\.mdx$/, '').replace(/(^|\/)index$/, '');
  return slug === '' ? '/' : `/${slug}/`;
}

const pages = mdxFiles(DOCS).map((file) => {
  const source = readFileSync(file, 'utf8');
  return { path: urlPath(file), source, steps: stepsInMdx(source) };
});

describe('step outline of the guide pages', () => {
  it('reads every <Step> tag of every page, with its id and title', () => {
    for (const page of pages) {
      const tags = page.source.match(/<Step\b/g)?.length ?? 0;
      expect(page.steps, page.path).toHaveLength(tags);
      for (const step of page.steps) {
        expect(step.id, page.path).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
        expect(step.title.trim(), `${page.path}#${step.id}`).not.toBe('');
      }
    }
  });

  it('declares every step id once across the site', () => {
    const ids = pages.flatMap((page) => page.steps.map((step) => step.id));
    expect(ids.length).toBeGreaterThan(40);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('declares each GUIDE_STEPS id on the page its path names', () => {
    const declared = new Set(pages.flatMap((page) => page.steps.map((step) => `${page.path}#${step.id}`)));
    const missing = Object.values(GUIDE_STEPS).filter((path) => !declared.has(path));
    expect(missing).toEqual([]);
  });

  it('keeps titles with quotes and entities, in any attribute order', () => {
    const steps = stepsInMdx('<Step title="“Remote name” &amp; DNS" id="dns-check">\n\ntext\n\n</Step>');
    expect(steps).toEqual([{ id: 'dns-check', title: '“Remote name” & DNS' }]);
  });

  it('rejects a step whose id is not a plain string, instead of leaving it out of the outline', () => {
    expect(() => stepsInMdx('<Step id={stepId} title="Computed id">')).toThrow(/plain strings/);
  });
});
