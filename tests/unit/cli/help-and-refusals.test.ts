/**
 * The CLI as a support engineer first meets it: each command's --help, and the refusals a slip on
 * the command line gets. Exit codes as the Command-line tool page documents them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/shir-doctor.mjs', import.meta.url));

function run(args: string[], input = '') {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('--help', () => {
  it.each([['capture'], ['log']])('%s --help explains each option and the exit codes, on stdout, exit 0', (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = run([command, flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: shir-doctor ${command} `));
      expect(stdout).toContain('--json');
      expect(stdout).toMatch(/Exit codes: 0 analysed.*; 2 usage error/s);
    }
  });

  it('capture --help names --filter and --ladders with what they do', () => {
    const { stdout } = run(['capture', '--help']);
    expect(stdout).toMatch(/--filter EXPR +keep only the TCP conversations/);
    expect(stdout).toMatch(/--ladders +with --json: add each conversation's first and last packets/);
  });

  it('the overview points at the commands\' own help', () => {
    expect(run(['--help']).stdout).toContain("'shir-doctor capture --help' and 'shir-doctor log --help'");
  });
});

describe('refusals', () => {
  it('capture - says a capture is read from a file, not that "-" does not exist', () => {
    const { code, stderr } = run(['capture', '-']);
    expect(code).toBe(2);
    expect(stderr).toContain('a capture is read from a file, not from standard input');
    expect(stderr).not.toContain('no such file');
  });

  it('capture of a file that is no capture says no file opened, under Files, and exits 3', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shir-doctor-help-'));
    const empty = join(folder, 'empty.cap');
    writeFileSync(empty, '');
    const { code, stdout, stderr } = run(['capture', empty]);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^Files:\n {2}none opened as a capture \(the findings below say why\)\n/);
    expect(stderr).toContain('nothing readable');
  });

  it('log names an unknown short option instead of saying no input was given', () => {
    const { code, stderr } = run(['log', '-x', 'error.txt']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option '-x'");
  });

  it('log says an empty file or empty standard input is empty, and still gives the report', () => {
    const folder = mkdtempSync(join(tmpdir(), 'shir-doctor-help-'));
    const empty = join(folder, 'empty.log');
    writeFileSync(empty, '\r\n  \n');
    const fromFile = run(['log', empty]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stderr).toContain(`'${empty}' is empty: there is no text to analyse`);
    const fromInput = run(['log', '-', '--json']);
    expect(fromInput.code).toBe(0);
    expect(fromInput.stderr).toContain('standard input is empty');
    expect(JSON.parse(fromInput.stdout).matches).toEqual([]);
    // Text that holds something is not called empty.
    expect(run(['log', '-'], 'An existing connection was forcibly closed by the remote host.').stderr).toBe('');
  });
});
