import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, readStepTitles } from '../../../src/components/known-issues/labels';
import { CATALOG } from '../../../src/lib/logs/catalog';
import { ISSUE_CATEGORIES } from '../../../src/lib/logs/types';

const page = readFileSync(new URL('../../../src/content/docs/reference/known-issues.mdx', import.meta.url), 'utf8');

describe('known-issues page', () => {
  it('has one section per category in use, headed with its label, in the fixed order', () => {
    const used = ISSUE_CATEGORIES.filter((category) => CATALOG.some((entry) => entry.category === category));
    const sections = [...page.matchAll(/^## (.+)\n\n<KnownIssues category="([a-z-]+)" \/>$/gm)].map((match) => [match[1], match[2]]);
    expect(sections).toEqual(used.map((category) => [CATEGORY_LABELS[category], category]));
  });

  it('reads step titles from the guide pages\' <Step> tags', () => {
    const titles = readStepTitles([
      { id: 'symptoms/node-inactive', data: { title: 'Node inactive' }, body: '<Step id="node-test-port-8060" title="Test port 8060">\n<Step\n  id="node-event-log"\n  title="Read the log &quot;Integration Runtime&quot;"\n>' },
      { id: 'index', data: { title: 'Home' }, body: '<Step id="start" title="Begin">' },
    ]);
    expect([...titles]).toEqual([
      ['/symptoms/node-inactive/#node-test-port-8060', 'Test port 8060 (Node inactive)'],
      ['/symptoms/node-inactive/#node-event-log', 'Read the log "Integration Runtime" (Node inactive)'],
      ['/#start', 'Begin (Home)'],
    ]);
  });
});
