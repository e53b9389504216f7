import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { commandNotes, groupByIssue, quoteCmd, quotePowerShell, quoteSh, renderCommands, renderTemplate } from '../../../src/lib/logs/commands';

const POWERSHELL_SINGLE_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/**
 * Reads one PowerShell single-quoted string literal starting at `start`, by the language's rule:
 * inside '...' nothing is interpolated, and two consecutive single-quote characters (any of the
 * five PowerShell accepts) stand for one. Returns the value and where the literal ends.
 */
function readPowerShellLiteral(text: string, start: number): { value: string; end: number } {
  expect(POWERSHELL_SINGLE_QUOTES.has(text[start])).toBe(true);
  let value = '';
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (POWERSHELL_SINGLE_QUOTES.has(char)) {
      if (POWERSHELL_SINGLE_QUOTES.has(text[index + 1])) {
        value += text[index + 1];
        index += 2;
        continue;
      }
      return { value, end: index + 1 };
    }
    value += char;
    index += 1;
  }
  throw new Error(`unterminated literal in ${text}`);
}

function shEcho(quoted: string): string {
  return execFileSync('sh', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
}

const HOSTILE = [
  "x'; Remove-Item -Recurse C:\\ ; '",
  'x\u2019; calc; \u2018',
  '$(calc) `whoami` ${env:PATH} @(1)',
  '"; rm -rf / #',
  "it's \"quoted\" %PATH% & | < > ^ !",
  'line\nbreak',
];

describe('quoting for each shell', () => {
  it.each(HOSTILE)('PowerShell literal holds %j exactly, as one token', (value) => {
    const quoted = quotePowerShell(value);
    const literal = readPowerShellLiteral(quoted, 0);
    expect(literal).toEqual({ value, end: quoted.length });
  });

  it.each(HOSTILE)('sh word holds %j exactly (checked by a real sh)', (value) => {
    expect(shEcho(quoteSh(value))).toBe(value);
  });

  it('refuses cmd values with characters cmd.exe would interpret, and keeps plain ones bare', () => {
    for (const value of HOSTILE) expect(quoteCmd(value)).toBeNull();
    expect(quoteCmd('sql01.contoso.local')).toBe('sql01.contoso.local');
    expect(quoteCmd('sql_01.corp')).toBe('sql_01.corp');
    expect(quoteCmd('https://wu2.frontend.clouddatahub.net/')).toBe('https://wu2.frontend.clouddatahub.net/');
  });

  it('round-trips arbitrary strings through the PowerShell and sh quoting', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (value) => {
        expect(readPowerShellLiteral(quotePowerShell(value), 0).value).toBe(value);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((value) => !value.includes('\0')), (value) => {
        expect(shEcho(quoteSh(value))).toBe(value);
      }),
      { numRuns: 25 },
    );
  });
});

describe('rendering templates', () => {
  it('fills values, uses defaults, and marks what is missing', () => {
    expect(renderTemplate('Test-NetConnection -ComputerName {host} -Port {port=8060}', 'powershell', { host: 'node1' })).toEqual({
      text: "Test-NetConnection -ComputerName 'node1' -Port 8060",
      missing: [],
      assumed: [{ name: 'port', value: '8060' }],
    });
    expect(renderTemplate('Test-NetConnection -ComputerName {host} -Port {port=8060}', 'powershell', { host: 'node1', port: '8061' })).toEqual({
      text: "Test-NetConnection -ComputerName 'node1' -Port 8061",
      missing: [],
      assumed: [],
    });
    expect(renderTemplate('telnet {host} {port}', 'cmd', {})).toEqual({ text: 'telnet <host> <port>', missing: ['host', 'port'], assumed: [] });
  });

  it('shows a default with a gap as a shape to complete, and a value from the text in its place', () => {
    const template = 'curl -sSI {url=https://<region>.frontend.clouddatahub.net/}';
    expect(renderTemplate(template, 'sh', {})).toEqual({ text: 'curl -sSI https://<region>.frontend.clouddatahub.net/', missing: ['region'], assumed: [] });
    expect(renderTemplate(template, 'sh', { url: 'https://uks.frontend.clouddatahub.net/' })).toEqual({
      text: "curl -sSI 'https://uks.frontend.clouddatahub.net/'",
      missing: [],
      assumed: [],
    });
  });

  it('says in words what to replace and what was assumed', () => {
    const [gap] = renderCommands([{ purpose: 'Probe.', sh: 'nc -vz {host=<region>.frontend.clouddatahub.net} 443' }], {});
    expect(commandNotes(gap)).toEqual([{ text: expect.stringMatching(/^Replace <region> with your factory's region code, as in its service URL listed under .*View Service URLs; if that URL has the form <factory>\.<region>\.datafactory\.azure\.net .*in place of the whole address\.$/), brief: 'Replace <region> as above.' }]);
    const [assumed] = renderCommands([{ purpose: 'Probe.', sh: 'nc -vz {host} {port=8060}' }], { host: 'node2' });
    expect(commandNotes(assumed)).toEqual([{ text: 'Your text names no port: port 8060 is the usual one; change it if yours differs.', brief: 'Assumes port 8060, as above.' }]);
    const [plain] = renderCommands([{ purpose: 'Probe.', sh: 'nc -vz {host} {port}' }], {});
    expect(commandNotes(plain).map((note) => note.text)).toEqual(['Replace <host> with your own value.', 'Replace <port> with your own value.']);
  });

  it('groups suggestions by the issue that proposed them, in order', () => {
    const made = (issueId?: string) => renderCommands([{ purpose: 'Probe.', sh: 'true' }], {}, issueId)[0];
    const groups = groupByIssue([made('a'), made('a'), made('b'), made()]);
    expect(groups.map((group) => [group.issueId, group.commands.length])).toEqual([
      ['a', 2],
      ['b', 1],
      [undefined, 1],
    ]);
  });

  it('brackets an IPv6 host written before :port, and only there', () => {
    const template = 'openssl s_client -connect {host}:{port=443} -servername {host}';
    expect(renderTemplate(template, 'sh', { host: 'fd77:6::2' })?.text).toBe("openssl s_client -connect '[fd77:6::2]':443 -servername 'fd77:6::2'");
    expect(renderTemplate(template, 'sh', { host: 'sql01.contoso.example', port: '1433' })?.text).toBe("openssl s_client -connect 'sql01.contoso.example':1433 -servername 'sql01.contoso.example'");
  });

  it('drops the cmd line when a value is unsafe for cmd, keeps the others', () => {
    const suggestions = renderCommands([{ purpose: 'Fetch it.', powershell: 'Invoke-WebRequest -Uri {url}', cmd: 'curl.exe {url}', sh: 'curl {url}' }], { url: 'https://x.example/a?b=1&c=%PATH%' });
    expect(suggestions.map((suggestion) => suggestion.shell)).toEqual(['powershell', 'sh']);
  });

  it('leaves out proxy tests when the text names no proxy', () => {
    const template = { purpose: 'Through the proxy.', powershell: 'Invoke-WebRequest -Uri {url} -Proxy {proxy}' };
    expect(renderCommands([template], { url: 'https://a.example/' })).toEqual([]);
    expect(renderCommands([template], { url: 'https://a.example/', proxy: 'http://p:8080' })).toHaveLength(1);
  });
});

describe('commands built from hostile log text', () => {
  const hostileLog = [
    "Could not connect to https://wu2.frontend.clouddatahub.net/$(Remove-Item)';calc;'x/ The remote name could not be resolved: 'evil';calc;'.example.com'",
    "No DNS entries exist for host node1'$(calc). Proxy: http://proxy.example:8080/`whoami`",
    'Cannot connect to SQL Server: \'sql"; del C:\\* ;"\'',
  ].join('\n');
  const report = analyzeLog(hostileLog);

  it('only emits values that passed the host, port and URL checks', () => {
    expect(report.commands.length).toBeGreaterThan(0);
    for (const host of report.entities.hosts) expect(host).toMatch(/^[\w.-]+$/);
    for (const url of report.entities.urls) expect(url).not.toMatch(/['"\s`]/);
  });

  it('keeps every PowerShell value inside a single-quoted literal and every cmd line free of shell syntax', () => {
    for (const command of report.commands) {
      if (command.shell === 'powershell') {
        // Outside literals, no value text may appear: strip the literals and look for the payloads.
        let outside = '';
        let index = 0;
        while (index < command.text.length) {
          if (POWERSHELL_SINGLE_QUOTES.has(command.text[index])) index = readPowerShellLiteral(command.text, index).end;
          else outside += command.text[index++];
        }
        expect(outside).not.toMatch(/calc|Remove-Item\)|whoami/);
      }
      if (command.shell === 'cmd') expect(command.text).not.toMatch(/calc|whoami|\$\(|'|"/);
    }
  });
});

describe('gaps written in the template itself', () => {
  it('reports a literal <name> in a template as a gap to fill, with its hint, and leaves shell redirections alone', () => {
    const rendered = renderTemplate('az sql server firewall-rule create --resource-group <resource-group> --server {host}', 'sh', { host: 'sql01' });
    expect(rendered).toEqual({ text: "az sql server firewall-rule create --resource-group <resource-group> --server 'sql01'", missing: ['resource-group'], assumed: [] });
    expect(commandNotes({ missing: ['resource-group'] })[0].text).toMatch(/^Replace <resource-group> with the resource group/);
    expect(renderTemplate('openssl s_client -connect {host}:443 </dev/null', 'sh', { host: 'a.example' })?.missing).toEqual([]);
  });
});
