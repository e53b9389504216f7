import { describe, expect, it } from 'vitest';
import { policyFor, scriptHash, withPolicy } from '../../../src/integrations/content-security-policy';

const PAGE = [
  '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/>',
  "<script>alert('Hello, world.');</script>",
  '<script type="module" src="/_astro/island.js"></script>',
  '<script type="module">import("/_astro/x.js")</script>',
  '</head><body><p>text</p></body></html>',
].join('');

describe('content security policy', () => {
  it('hashes a script as browsers do (the hash MDN documents for this script)', () => {
    expect(scriptHash("alert('Hello, world.');")).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
  });

  it('allows each inline script by its hash, and scripts with src by origin alone', () => {
    const policy = policyFor(PAGE);
    const scriptSources = policy.split('; ').find((directive) => directive.startsWith('script-src '))!.split(' ');
    expect(scriptSources).toContain("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    expect(scriptSources).toContain(scriptHash('import("/_astro/x.js")'));
    expect(scriptSources.filter((source) => source.startsWith("'sha256-"))).toHaveLength(2);
    expect(scriptSources).not.toContain("'unsafe-inline'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("img-src 'self' data:");
  });

  it('puts the policy right after the charset, ahead of every script it governs', () => {
    const page = withPolicy(PAGE);
    const policyAt = page.indexOf('<meta http-equiv="Content-Security-Policy"');
    expect(policyAt).toBe(page.indexOf('<meta charset="utf-8"/>') + '<meta charset="utf-8"/>'.length);
    expect(policyAt).toBeLessThan(page.indexOf('<script'));
  });

  it('refuses a page without a head rather than ship it unprotected', () => {
    expect(() => withPolicy('<p>fragment</p>')).toThrow(/no <head>/);
  });
});
