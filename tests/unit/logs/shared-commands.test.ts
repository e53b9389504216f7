import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { CATALOG, CATALOG_FILES } from '../../../src/lib/logs/catalog';
import { validateCatalogEntry } from '../../../src/lib/logs/catalog-schema';
import { isCommandReference, resolveCommand, SHARED_COMMANDS } from '../../../src/lib/logs/shared-commands';
import { SHELLS, type CatalogEntrySource, type CommandTemplate } from '../../../src/lib/logs/types';

const sources = CATALOG_FILES.map(([file, data]) => [file, data as CatalogEntrySource] as const);
const validEntry = sources[0][1];

/** A command's lines with every default dropped: two commands with the same shape run the same check. */
function shape(command: CommandTemplate): string {
  return SHELLS.map((shell) => (command[shell] ?? '').replace(/\{([a-z]+)=[^{}\s]{1,64}\}/g, '{$1}')).join('\n');
}

describe('shared commands in the catalog', () => {
  it('give the page (content collection schema) and the analyzer (catalog.ts) the same resolved commands', () => {
    for (const [file, source] of sources) {
      const validated = validateCatalogEntry(source, file);
      const analyzed = CATALOG.find((entry) => entry.id === source.id);
      expect(validated.problems, file).toEqual([]);
      expect(validated.entry?.commands, file).toEqual(analyzed?.commands);
      for (const command of analyzed?.commands ?? []) expect(isCommandReference(command), file).toBe(false);
    }
  });

  it('are named by most entries rather than pasted: no inline command repeats a shared one', () => {
    const shared = new Map(Object.entries(SHARED_COMMANDS).map(([name, command]) => [shape(command), name]));
    const inlineShapes = new Map<string, string>();
    for (const [file, source] of sources) {
      source.commands.forEach((item, index) => {
        if (isCommandReference(item)) return;
        const where = `${file}: commands[${index}]`;
        expect(shared.get(shape(item)), `${where} repeats a shared command: write {"use": "${shared.get(shape(item))}"}`).toBeUndefined();
        expect(inlineShapes.get(shape(item)), `${where} repeats an inline command: move it to src/lib/logs/shared-commands.ts`).toBeUndefined();
        inlineShapes.set(shape(item), where);
      });
    }
  });

  it('applies an entry default to its copy only', () => {
    const node = CATALOG.find((entry) => entry.id === 'node-8060-timeout');
    const sftp = CATALOG.find((entry) => entry.id === 'sftp-server-unreachable');
    expect(node?.commands).toContainEqual({ ...SHARED_COMMANDS['tcp-connect'], powershell: 'Test-NetConnection -ComputerName {host} -Port {port=8060}', cmd: 'telnet {host} {port=8060}', sh: 'nc -vz -w 5 {host} {port=8060}' });
    expect(sftp?.commands.map((command) => command.powershell)).toContain('Test-NetConnection -ComputerName {host} -Port {port=22}');
    expect(SHARED_COMMANDS['tcp-connect'].powershell).toBe('Test-NetConnection -ComputerName {host} -Port {port}');
  });

  it("keeps an entry's own wording of the purpose beside the shared lines", () => {
    const resolved = resolveCommand({ use: 'name-resolution', purpose: 'Check that the SAP host name resolves.' }, 'x.json: commands[0]');
    expect(resolved).toEqual({ ...SHARED_COMMANDS['name-resolution'], purpose: 'Check that the SAP host name resolves.' });
  });

  it('fills an entry default in the analyzer only when the text gives no value', () => {
    const tests = (text: string) => analyzeLog(text).commands.filter((command) => command.shell === 'powershell' && command.text.startsWith('Test-NetConnection'));
    const [withoutPort] = tests("Failed to connect to Sftp server '10.40.2.15'. Session operation has timed out.");
    expect(withoutPort.text).toBe("Test-NetConnection -ComputerName '10.40.2.15' -Port 22");
    expect(withoutPort.assumed).toEqual([{ name: 'port', value: '22' }]);
    const [withPort] = tests("Failed to connect to Sftp server '10.40.2.15:2222'. Session operation has timed out.");
    expect(withPort.text).toBe("Test-NetConnection -ComputerName '10.40.2.15' -Port 2222");
    expect(withPort.assumed).toBeUndefined();
  });
});

describe('a reference that does not resolve', () => {
  it('is a schema problem naming the file, the field and the known names', () => {
    const { problems } = validateCatalogEntry(
      {
        ...validEntry,
        commands: [
          { use: 'tcp-conect' },
          { use: 'tcp-connect', defaults: { url: 'https://example.test/' } },
          { use: 'tcp-connect', defaults: { port: '80 80' } },
          { use: 'tcp-connect', defaults: { server: 'x' } },
          { use: 'tcp-connect', powershell: 'Test-NetConnection' },
        ],
      },
      'bad.json',
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^bad\.json: commands\[0\]\.use: unknown shared command "tcp-conect"; the names are in src\/lib\/logs\/shared-commands\.ts: tcp-connect, /m);
    expect(text).toContain('bad.json: commands[1].defaults.url: shared command "tcp-connect" has no {url} to give a default to');
    expect(text).toContain('bad.json: commands[2].defaults.port: a default is 1 to 64 characters without spaces or braces');
    expect(text).toContain('bad.json: commands[3].defaults.server: "server" is not a placeholder');
    expect(text).toMatch(/bad\.json: commands\[4\]: Unrecognized key\(s\) in object: 'powershell'/);
  });

  it('stops the analyzer at load with the same words', () => {
    expect(() => resolveCommand({ use: 'no-such-check' }, 'bad.json: commands[3]')).toThrow(/^bad\.json: commands\[3\]\.use: unknown shared command "no-such-check"/);
  });
});

describe('the shared library', () => {
  // analyze-log.ts uses these by name: the generic checks when no entry matched, and the proxy check whenever a text names a proxy.
  const usedByGenericChecks = ['tcp-connect', 'name-resolution', 'name-as-written', 'web-request', 'web-request-via-runtime-proxy', 'service-status', 'runtime-event-errors', 'proxy-tcp-connect'];

  it('holds no command that nothing uses', () => {
    const usedByEntries = new Set(sources.flatMap(([, source]) => source.commands.filter(isCommandReference).map((reference) => reference.use)));
    const unused = Object.keys(SHARED_COMMANDS).filter((name) => !usedByEntries.has(name) && !usedByGenericChecks.includes(name));
    expect(unused).toEqual([]);
  });

  it('gives the generic checks the same lines as the entries', () => {
    const report = analyzeLog('GET https://files.contoso.example/data.csv failed on 10.1.2.3:8443 with an unknown error');
    expect(report.matches).toEqual([]);
    const purposes = new Set(report.commands.map((command) => command.purpose));
    for (const name of ['tcp-connect', 'name-resolution', 'web-request', 'web-request-via-runtime-proxy', 'service-status', 'runtime-event-errors'] as const) {
      expect(purposes, name).toContain(SHARED_COMMANDS[name].purpose);
    }
    expect(report.commands.filter((command) => command.shell === 'sh' && command.text.startsWith('nc ')).map((command) => command.text)).toContain("nc -vz -w 5 '10.1.2.3' 8443");
  });
});
