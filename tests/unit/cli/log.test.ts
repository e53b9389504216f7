import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/shir-doctor.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../logs/fixtures/', import.meta.url));

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, 'log', ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('shir-doctor log', () => {
  it('prints matches with category, cause, guide step and the filled-in commands', () => {
    const { code, stdout } = run([join(FIXTURES, 'seed-8060-refused.txt')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^1\. Node-to-node port 8060 refused {2}\[node-communication\]$/m);
    expect(stdout).toContain('Why: High-availability nodes talk to each other over TCP 8060');
    expect(stdout).toContain('Guide: https://shir-doctor.example/symptoms/node-inactive/#node-8060-refused');
    expect(stdout).toContain("Test-NetConnection -ComputerName 'xxxxxxx.bwld.com' -Port 8060");
    expect(stdout).toContain('Code: 10061 WSAECONNREFUSED');
  });

  it('prints the LogReport contract with --json', () => {
    const { code, stdout } = run([join(FIXTURES, 'adf-sql-timeout.json'), '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['matches', 'entities', 'commands']));
    expect(report.matches[0]).toEqual(expect.objectContaining({ id: 'sql-network-related-error', category: 'firewall-blocked', title: expect.any(String), step: expect.stringMatching(/^\/[\w/-]+\/#[\w-]+$/), evidence: expect.any(Array) }));
    expect(Object.keys(report.entities).sort()).toEqual(['codes', 'exceptions', 'hosts', 'ips', 'ports', 'urls']);
    for (const command of report.commands) expect(['powershell', 'cmd', 'sh']).toContain(command.shell);
  });

  it('gives a note in full once and as a reminder after that', () => {
    const { stdout } = run(['-'], "Self-hosted integration runtime can't connect to cloud service.");
    expect(stdout.match(/Note: Replace <region> with your factory's region code/g)).toHaveLength(1);
    expect(stdout.match(/Note: Replace <region> as above\./g)?.length).toBeGreaterThan(1);
  });

  it("reads standard input with '-' and exits 0 when nothing matched", () => {
    const { code, stdout } = run(['-', '--json'], 'all good here, nothing failed');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).matches).toEqual([]);
    const human = run(['-'], 'all good here');
    expect(human.stdout).toMatch(/No known issue in the catalog matched/);
  });

  it('reads Event Viewer text saved as UTF-16 with a byte order mark', () => {
    const directory = mkdtempSync(join(tmpdir(), 'shir-log-'));
    const file = join(directory, 'event.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Log Name: Integration Runtime\r\nDescription:\r\nAuthentication Key is not assigned yet\r\n', 'utf16le')]));
    const report = JSON.parse(run([file, '--json']).stdout);
    expect(report.matches[0].id).toBe('authentication-key-missing');
    expect(report.events[0].logName).toBe('Integration Runtime');
  });

  it('does not pass terminal escape sequences from the log through to the terminal', () => {
    const { code, stdout } = run(['-'], '{"errorCode":"2200\\u001b]0;pwned\\u0007","failureType":"UserError\\u001b[2J","message":"Login failed for user \'x\'."}');
    expect(code).toBe(0);
    expect(stdout).toContain('Activity error 2200\\u001b]0;pwned\\u0007 (UserError\\u001b[2J)');
    expect(stdout).not.toMatch(/[\u001b\u0007]/);
  });

  it('exits 3 with a clear message when the file cannot be read', () => {
    const { code, stderr } = run(['/no/such/file.log']);
    expect(code).toBe(3);
    expect(stderr).toContain("cannot read '/no/such/file.log': no such file");
  });

  it('exits 3 for a directory, saying so', () => {
    const { code, stderr } = run([FIXTURES]);
    expect(code).toBe(3);
    expect(stderr).toContain('it is a directory');
  });

  it('exits 2 on usage errors', () => {
    expect(run([]).code).toBe(2);
    expect(run(['a.log', 'b.log']).code).toBe(2);
    const unknown = run(['a.log', '--yaml']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--yaml'");
  });
});
