import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildExcerpts, type HighlightSpan } from '../../../../src/components/logs/excerpts';

const seedError =
  'System.ServiceModel.EndpointNotFoundException: Could not connect to net.tcp://xxxxxxx.bwld.com:8060/ExternalService.svc/WorkerManager. TCP error code 10061: No connection could be made because the target machine actively refused it 10.2.4.10:8060.';

function spanOf(text: string, value: string, kind: string, from = 0): HighlightSpan {
  const start = text.indexOf(value, from);
  if (start < 0) throw new Error(`${value} not in text`);
  return { start, end: start + value.length, kind };
}

const joined = (segments: { text: string }[]) => segments.map((segment) => segment.text).join('');
const marked = (segments: { text: string; kind?: string }[]) => segments.filter((segment) => segment.kind).map((segment) => `${segment.kind}:${segment.text}`);

describe('buildExcerpts', () => {
  it('shows a short text whole, with each value marked in order', () => {
    const ip = spanOf(seedError, '10.2.4.10', 'ip');
    const port = spanOf(seedError, '8060', 'port', ip.end);
    const code = spanOf(seedError, '10061', 'code');
    const view = buildExcerpts(seedError, [port, ip, code]);
    expect(view.excerpts).toHaveLength(1);
    expect(joined(view.excerpts[0].segments)).toBe(seedError);
    expect(marked(view.excerpts[0].segments)).toEqual(['code:10061', 'ip:10.2.4.10', 'port:8060']);
    expect(view.omittedHighlights).toBe(0);
  });

  it('keeps markup-looking text as plain segment text', () => {
    const text = 'error <img src=x onerror=alert(1)> at <script>alert(2)</script>';
    const view = buildExcerpts(text, [spanOf(text, '<script>', 'host')]);
    expect(joined(view.excerpts[0].segments)).toBe(text);
  });

  it('marks the most specific value where values nest, and ignores spans outside the text', () => {
    const text = 'Could not connect to net.tcp://node2.contoso.local:8060/ExternalService.svc';
    const url = spanOf(text, 'net.tcp://node2.contoso.local:8060/ExternalService.svc', 'url');
    const host = spanOf(text, 'node2.contoso.local', 'host');
    const view = buildExcerpts(text, [url, host, { start: 5, end: 500, kind: 'ip' }, { start: 7, end: 7, kind: 'port' }]);
    expect(marked(view.excerpts[0].segments)).toEqual(['url:net.tcp://', 'host:node2.contoso.local', 'url::8060/ExternalService.svc']);
    expect(joined(view.excerpts[0].segments)).toBe(text);
  });

  it('flags text that is catalog evidence without hiding the values inside it', () => {
    const text = 'TCP error code 10061: refused 10.2.4.10:8060. Retrying.';
    const evidence = spanOf(text, 'TCP error code 10061: refused 10.2.4.10:8060', 'issue:node-8060-refused');
    const ip = spanOf(text, '10.2.4.10', 'ip');
    const { segments } = buildExcerpts(text, [evidence, ip]).excerpts[0];
    expect(segments).toEqual([
      { text: 'TCP error code 10061: refused ', evidence: true },
      { text: '10.2.4.10', kind: 'ip', evidence: true },
      { text: ':8060', evidence: true },
      { text: '. Retrying.' },
    ]);
  });

  it('cuts a long log to windows around the values, with their line numbers', () => {
    const filler = Array.from({ length: 2000 }, (_, index) => `2026-11-25 10:00:${String(index % 60).padStart(2, '0')} [Info] Heartbeat ok`);
    const lines = [...filler.slice(0, 700), seedError, ...filler.slice(700, 1500), 'The remote name could not be resolved: node3.contoso.local', ...filler.slice(1500)];
    const text = lines.join('\n');
    const view = buildExcerpts(text, [spanOf(text, '10.2.4.10', 'ip'), spanOf(text, 'node3.contoso.local', 'host')]);
    // The IP sits more than 120 characters into line 701, so its window starts on that line. The host is
    // 39 characters into line 1502; the other 81 characters of context reach back over two whole 40-character
    // filler lines (with their newlines) into the last character of line 1499.
    expect(view.excerpts.map((excerpt) => excerpt.line)).toEqual([701, 1499]);
    expect(joined(view.excerpts[1].segments).split('\n')[3]).toBe('The remote name could not be resolved: node3.contoso.local');
    expect(view.excerpts.every((excerpt) => excerpt.cutBefore && excerpt.cutAfter)).toBe(true);
    expect(view.excerpts.map((excerpt) => marked(excerpt.segments))).toEqual([['ip:10.2.4.10'], ['host:node3.contoso.local']]);
    const shown = view.excerpts.reduce((sum, excerpt) => sum + joined(excerpt.segments).length, 0);
    expect(shown).toBeLessThan(600);
  });

  it('counts the highlights beyond the excerpt limit instead of rendering them', () => {
    const text = Array.from({ length: 500 }, (_, index) => `${'.'.repeat(300)} failed 10.0.0.${index % 250}`).join('\n');
    const spans: HighlightSpan[] = [];
    for (let from = 0, start = text.indexOf('10.0.0.'); start >= 0; from = start + 1, start = text.indexOf('10.0.0.', from)) {
      spans.push({ start, end: start + 7, kind: 'ip' });
    }
    const view = buildExcerpts(text, spans, { wholeTextChars: 1000, contextChars: 20, maxExcerpts: 10 });
    expect(view.excerpts).toHaveLength(10);
    expect(view.omittedHighlights).toBe(490);
  });

  it('never cuts a window in the middle of a surrogate pair', () => {
    const text = `${'🔥'.repeat(50)} 10.2.4.10 ${'🔥'.repeat(50)}`;
    const view = buildExcerpts(text, [spanOf(text, '10.2.4.10', 'ip')], { wholeTextChars: 10, contextChars: 21, maxExcerpts: 5 });
    const shown = joined(view.excerpts[0].segments);
    expect(shown).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    expect(shown).toContain('10.2.4.10');
  });

  it('reproduces the text exactly between window bounds, for any spans', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(fc.record({ start: fc.nat(320), length: fc.nat(40), kind: fc.constantFrom('ip', 'port', 'host') }), { maxLength: 20 }),
        (text, raw) => {
          const spans = raw.map(({ start, length, kind }) => ({ start, end: start + length, kind }));
          const view = buildExcerpts(text, spans);
          expect(joined(view.excerpts[0].segments)).toBe(text);
        },
      ),
    );
  });
});
