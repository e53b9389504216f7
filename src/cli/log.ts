/**
 * `shir-doctor log FILE|- [--json]`: analyses an error message or a log file ('-' reads standard
 * input). Exit 0 when analysed (also when nothing matched), 2 on usage errors, 3 when the input
 * cannot be read. --json prints the LogReport (DESIGN.md's `log --json` contract).
 */
import { open } from 'node:fs/promises';
import { analyzeLog, MAX_INPUT_CHARS } from '../lib/logs/analyze-log';
import { groupByIssue, noteReader } from '../lib/logs/commands';
import type { LogReport } from '../lib/logs/types';
import { ExitCode } from './main';

const LOG_USAGE = 'Usage: shir-doctor log FILE|- [--json]';

/** What `log --help` prints; it used to answer "unknown option '--help'" with exit code 2. */
const LOG_HELP = `${LOG_USAGE}

Matches an error message or a log (the runtime's event log saved as text, a copy activity's error
JSON) against the site's catalog of known issues, as the log analyzer on the site does, and lists
the values found in it and the commands to run next. '-' reads standard input:
  Get-Clipboard | node bin/shir-doctor.mjs log -

  --json   print the whole report as JSON (its fields: the site's Command-line tool page)

Exit codes: 0 analysed (also when no known issue matched); 2 usage error; 3 the input cannot be read.`;
const SITE_URL = 'https://shir-doctor.example';
/** Enough bytes for MAX_INPUT_CHARS characters in any encoding we read; the rest is never loaded. */
const MAX_INPUT_BYTES = MAX_INPUT_CHARS * 4;

interface Input {
  bytes: Buffer;
  /** True when the source held more than MAX_INPUT_BYTES and was cut. */
  cut: boolean;
}

async function readStandardInput(): Promise<Input> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length > MAX_INPUT_BYTES) break;
  }
  const bytes = Buffer.concat(chunks);
  return { bytes: bytes.subarray(0, MAX_INPUT_BYTES), cut: bytes.length > MAX_INPUT_BYTES };
}

/** Reads at most MAX_INPUT_BYTES of the file, so a multi-gigabyte log costs no more than 40 MB. */
async function readFileHead(path: string): Promise<Input> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(MAX_INPUT_BYTES + 1, Math.max(0, (await file.stat()).size) + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await file.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: buffer.subarray(0, Math.min(filled, MAX_INPUT_BYTES)), cut: filled > MAX_INPUT_BYTES };
  } finally {
    await file.close();
  }
}

/** Reads UTF-8, or UTF-16 when the file starts with a byte order mark (Event Viewer's "Save as" text). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes.subarray(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0));
}

export async function runLog(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${LOG_HELP}\n`);
    return ExitCode.Ok;
  }
  const json = args.includes('--json');
  // '-' alone is standard input; any other word starting with '-' is an option we do not know.
  const unknownOption = args.find((arg) => arg.startsWith('-') && arg !== '-' && arg !== '--json');
  const inputs = args.filter((arg) => arg === '-' || !arg.startsWith('-'));
  if (unknownOption || inputs.length !== 1 || args.length !== inputs.length + (json ? 1 : 0)) {
    const problem = unknownOption ? `unknown option '${unknownOption}'` : inputs.length === 0 ? 'no input given' : 'give exactly one FILE or -';
    process.stderr.write(`shir-doctor log: ${problem}\n${LOG_USAGE}\n`);
    return ExitCode.Usage;
  }
  const [source] = inputs;
  let input: Input;
  try {
    input = source === '-' ? await readStandardInput() : await readFileHead(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory; give a file' : (error as Error).message;
    process.stderr.write(`shir-doctor log: cannot read '${source}': ${reason}\n`);
    return ExitCode.Unreadable;
  }
  const text = decodeText(input.bytes);
  // An empty clipboard or file otherwise reads as "no known issue matched", as if the text had been checked.
  if (text.trim() === '') process.stderr.write(`shir-doctor log: ${source === '-' ? 'standard input' : `'${source}'`} is empty: there is no text to analyse\n`);
  const report = analyzeLog(text);
  report.truncated ||= input.cut;
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, source));
  return ExitCode.Ok;
}

function formatReport(report: LogReport, source: string): string {
  const lines: string[] = [`${source === '-' ? 'standard input' : source}: ${report.summary}`];
  if (report.truncated) lines.push(`(the input is longer than the analyzer reads: only the first ${report.analysedChars} characters were analysed)`);
  const activity = report.activityError;
  if (activity?.errorCode) lines.push(`Activity error ${activity.errorCode}${activity.failureType ? ` (${activity.failureType})` : ''}${activity.target ? ` in '${activity.target}'` : ''}`);
  report.matches.forEach((match, index) => {
    lines.push('', `${index + 1}. ${match.title}  [${match.category}]`);
    lines.push(`   Why: ${match.cause}`);
    const matched = [...new Set(match.evidence.map((evidence) => evidence.text))].slice(0, 3);
    lines.push(`   Matched: ${matched.map((text) => JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text)).join(', ')}`);
    lines.push(`   Guide: ${SITE_URL}${match.step}`);
    lines.push(`   Details: ${SITE_URL}${match.link}`);
  });
  const { entities } = report;
  const entityLines: Array<[string, Array<string | number>]> = [
    ['Hosts', entities.hosts],
    ['Addresses', entities.ips],
    ['Ports', entities.ports],
    ['URLs', entities.urls],
    ['Exceptions', entities.exceptions],
  ];
  const found = entityLines.filter(([, values]) => values.length > 0);
  const codes = [...report.socketErrors.map((error) => `${error.code} ${error.name} (${error.meaning})`), ...report.httpStatus.map((code) => `HTTP ${code.value}${code.name ? ` ${code.name}` : ''}`), ...report.sqlErrors.map((code) => `SQL ${code.value}${code.meaning ? ` (${code.meaning})` : ''}`), ...report.hresults.map((code) => `${code.value} ${code.name ?? ''}`.trim()), ...report.errorCodes.map((code) => `ErrorCode ${code.value}`)];
  if (found.length > 0 || codes.length > 0) {
    lines.push('', 'Found in the text:');
    for (const [label, values] of found) lines.push(`  ${label}: ${values.join(', ')}`);
    for (const code of codes) lines.push(`  Code: ${code}`);
    for (const id of report.ids.slice(0, 5)) lines.push(`  ${id.label || 'Id'}: ${id.value}`);
  }
  for (const { host, didYouMean } of report.misspelledHosts) lines.push('', `The host ${host} looks misspelled: did you mean ${didYouMean}?`);
  if (report.commands.length > 0) {
    lines.push('', 'Next commands:');
    const notesOf = noteReader();
    for (const group of groupByIssue(report.commands)) {
      const rank = report.matches.findIndex((match) => match.id === group.issueId);
      lines.push(rank >= 0 ? `  For ${rank + 1}. ${report.matches[rank].title}:` : '  General checks:');
      for (const command of group.commands) {
        lines.push(`  [${command.shell}] ${command.purpose}`);
        lines.push(`    ${command.text}`);
        for (const note of notesOf(command)) lines.push(`    Note: ${note}`);
      }
    }
  }
  // Values come from the pasted text: show control characters as escapes so a crafted log cannot
  // send terminal escape sequences (colours, cursor moves, title changes) through our output.
  return `${lines.join('\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}
