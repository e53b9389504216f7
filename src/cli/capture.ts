/**
 * `shir-doctor capture FILE... [--filter EXPR] [--json [--ladders]]`: several files are one chained
 * trace, merged by time; a folder or a wildcard stands for its files (capture-paths.ts). --json
 * prints the CaptureReport (its field names are the stable contract in DESIGN.md); otherwise a
 * summary for people. --filter narrows the conversation list as the page's filter box does
 * (findings stay whole). Exit codes as in main.ts.
 */
import { endpointText } from '../lib/capture/analyze/address';
import { analyzeCapture } from '../lib/capture/analyze-capture';
import { linkTypeName } from '../lib/capture/decode/link-names';
import { dnsLookupText, dnsWiresharkText } from '../lib/capture/dns-words';
import { ladderJsonReplacer } from '../lib/capture/ladder-rows';
import { LinkType } from '../lib/capture/records';
import type { CaptureReport, Conversation } from '../lib/capture/report';
import { conversationConcerns, framesWord, groupResets, resetGroupHeadline, stateLabel, tlsRefusedIds, type ResetGroup } from '../lib/capture/report-words';
import { compileFilter, type ConversationPredicate } from '../lib/filter';
import { captureFiles } from './capture-paths';
import { openFileSource, type FileSource } from './file-source';
import { ExitCode } from './main';

const USAGE = 'Usage: shir-doctor capture FILE... [--filter EXPR] [--json [--ladders]]';

/** What `capture --help` prints: the usage line alone left a support engineer guessing what each part does. */
const HELP = `${USAGE}

Analyses network traces (pcap, pcapng, Network Monitor .cap, Sun snoop; also gzip-compressed) the
way the site's capture analyzer does. Several files, a folder or a wildcard (C:\\traces\\*.cap) are one
trace, their packets merged in time order: give a chained Network Monitor set in any order. Text
and event logs in a folder are left out (named on standard error); 'shir-doctor log' reads them.

  --filter EXPR   keep only the TCP conversations a Network Monitor or Wireshark filter matches,
                  e.g. --filter "tcp.port == 8060" or --filter "IPv4.Address == 10.0.0.5"
  --json          print the whole report as JSON (its fields: the site's Command-line tool page)
  --ladders       with --json: add each conversation's first and last packets

Exit codes: 0 analysed; 1 analysed, but a file is damaged (the report says where); 2 usage error;
3 nothing readable: a file that cannot be opened, or none that reads as a capture.`;
/** Rows per section in the human summary; the JSON has everything. */
const HUMAN_LIST_LIMIT = 20;
/** TLS server names on the summary's one line; a browsing trace holds hundreds. */
const SERVER_NAMES_LISTED = 10;
const PROBLEM_STATES = new Set<Conversation['state']>(['refused', 'no-answer', 'reset']);

/**
 * Names in a trace (DNS, SNI, file names) are attacker-controlled bytes: control characters
 * could drive the terminal, so they are shown as escapes. C1 controls pass through
 * JSON.stringify untouched, so the JSON gets the same treatment (as \u escapes, still valid JSON).
 */
function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function jsonSafe(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** JSON.stringify replacer for a report without ladders: they exist only as packed rows, which JSON would write as index maps. */
function withoutLadders(key: string, value: unknown): unknown {
  return key === 'ladder' || key === 'ladderOmitted' ? undefined : value;
}

/** Bytes gathered before each write to stdout. */
const OUTPUT_CHUNK = 1 << 20;

/**
 * Writes `value` as JSON piece by piece: a report of 100k conversations is a few hundred MB
 * of text, which JSON.stringify would build as one string on top of the report itself. Arrays
 * and objects are walked; each element is stringified alone. Waits for stdout to drain so a
 * slow pipe does not queue the whole document in memory.
 *
 * Ladders are written only when asked for: they are the first and last packets of every
 * conversation, five sixths of the text of a large report and most of the time spent writing it,
 * and what scripts read (states, resets, findings) is all elsewhere.
 */
async function writeJson(value: unknown, ladders: boolean): Promise<void> {
  let pending = '';
  // A generator, not an async walk: awaiting per key and element cost more than the stringifying.
  for (const piece of jsonPieces(value, 0, ladders ? ladderJsonReplacer : withoutLadders)) {
    pending += piece;
    if (pending.length < OUTPUT_CHUNK) continue;
    const flushed = process.stdout.write(pending);
    pending = '';
    if (!flushed) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  process.stdout.write(`${pending}\n`);
}

/** The JSON text of `node` in pieces: containers down to depth 3 are walked, deeper values stringified whole. */
function* jsonPieces(node: unknown, depth: number, replacer: (key: string, value: unknown) => unknown): Generator<string> {
  if (depth >= 3 || node === null || typeof node !== 'object') {
    yield jsonSafe(JSON.stringify(node, replacer) ?? 'null');
    return;
  }
  if (Array.isArray(node)) {
    yield '[';
    for (let index = 0; index < node.length; index++) {
      if (index > 0) yield ',';
      yield* jsonPieces(node[index], depth + 1, replacer);
    }
    yield ']';
    return;
  }
  let first = true;
  yield '{';
  for (const [key, child] of Object.entries(node)) {
    if (child === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(child, depth + 1, replacer);
  }
  yield '}';
}

function count(value: number, one: string, many = `${one}s`): string {
  return `${value} ${value === 1 ? one : many}`;
}

function limited<T>(items: T[], render: (item: T) => string): string[] {
  const lines = items.slice(0, HUMAN_LIST_LIMIT).map(render);
  if (items.length > HUMAN_LIST_LIMIT) lines.push(`  ... and ${items.length - HUMAN_LIST_LIMIT} more (see --json)`);
  return lines;
}

/** A --filter applied to the report's conversation list. */
export interface ConversationFilter {
  expression: string;
  matches: ConversationPredicate;
}

/** One conversation as the page's table words it: "reset (path)", "closed (TLS alert)". */
function conversationLine(conversation: Conversation, tlsRefused: ReadonlySet<number>): string {
  const { id, client, server, packets, firstFrame, lastFrame } = conversation;
  return `  #${id} ${client} -> ${server}  ${stateLabel(conversation, tlsRefused.has(id))}  ${count(packets, 'packet')}  frames ${firstFrame}-${lastFrame}`;
}

/** Frames quoted per reset group; the rest are counted. */
const GROUP_FRAME_LIMIT = 12;

/** One group of resets that share their reasoning (report-words.ts): a headline, its frames, the reasoning once. */
function resetGroupLines(group: ResetGroup): string {
  const frames = group.resets.slice(0, GROUP_FRAME_LIMIT).map((reset) => reset.frame);
  const more = group.resets.length > GROUP_FRAME_LIMIT ? ` and ${group.resets.length - GROUP_FRAME_LIMIT} more` : '';
  const first = group.resets[0];
  const route = group.resets.length === 1 ? `  ${endpointText(first.src, first.srcPort)} -> ${endpointText(first.dst, first.dstPort)}  TTL ${first.ttl}` : '';
  const reasoning = [group.explanation, group.closing?.sentence].filter(Boolean).join(' ');
  return `  ${resetGroupHeadline(group)}: ${framesWord(frames.length).toLowerCase()} ${frames.join(', ')}${more}${route}\n      ${reasoning}`;
}

/** "Ethernet (link type 1)": the number is what tcpdump -L and Wireshark show, the name what it means. */
function linkTypeText(linkType: number): string {
  if (linkType === LinkType.NETMON_SPECIAL) return "Network Monitor's own notes";
  const name = linkTypeName(linkType);
  return name === undefined ? `link type ${linkType}` : `${name} (link type ${linkType})`;
}

export function formatHumanReport(report: CaptureReport, filter?: ConversationFilter): string {
  const lines: string[] = [];
  lines.push('Files:');
  // A lone 'Files:' heading over nothing read like output cut short.
  if (report.files.length === 0) lines.push('  none opened as a capture (the findings below say why)');
  for (const file of report.files) {
    const version = file.version !== undefined ? ` ${file.version}` : '';
    lines.push(`  ${file.name}  ${file.format}${version}  ${file.linkTypes.map(linkTypeText).join(', ') || 'no link type'}  ${count(file.packets, 'packet')}${file.fault ? '  DAMAGED' : ''}`);
  }
  lines.push(`Trace: ${count(report.packets, 'packet')}${report.firstTime !== null ? `, ${report.firstTime} to ${report.lastTime}` : ''}`);
  if (report.damage !== null) lines.push(`Damage: ${report.damage.file} at byte ${report.damage.offset}: ${report.damage.reason}`);
  const states = new Map<string, number>();
  for (const conversation of report.tcp.conversations) states.set(conversation.state, (states.get(conversation.state) ?? 0) + 1);
  const stateText = [...states].map(([state, count]) => `${count} ${state}`).join(', ');
  const resetPackets = report.tcp.resets.length + (report.omitted?.['tcp.resets'] ?? 0);
  const copies = report.tcp.duplicatePackets > 0 ? `, ${count(report.tcp.duplicatePackets, 'packet')} recorded twice` : '';
  // "none", as the DNS line says it: a trace without TCP has no resets or retransmissions to count.
  if (report.tcp.conversations.length === 0) lines.push('TCP: none');
  else lines.push(`TCP: ${count(report.tcp.conversations.length, 'conversation')}${stateText ? ` (${stateText})` : ''}, ${count(resetPackets, 'RST packet')}, ${count(report.tcp.synRetransmissions, 'SYN retransmission')}${copies}`);
  lines.push(`DNS: ${dnsLookupText(report) ?? 'none'}`);
  const wireshark = dnsWiresharkText(report);
  if (wireshark !== null) lines.push(`  ${wireshark}`);
  const serverNames = [...new Set(report.tls.serverNames)];
  if (serverNames.length > 0) {
    const more = serverNames.length > SERVER_NAMES_LISTED ? ` and ${serverNames.length - SERVER_NAMES_LISTED} more (see --json)` : '';
    lines.push(`TLS server names: ${serverNames.slice(0, SERVER_NAMES_LISTED).join(', ')}${more}`);
  }

  lines.push('', `Findings (${report.findings.length}):`);
  if (report.findings.length === 0) lines.push('  none: no refused, unanswered or reset connections, DNS failures or ICMP errors found');
  lines.push(
    ...limited(report.findings, (finding) => {
      const frames = finding.evidence.frames.length > 0 ? `frames ${finding.evidence.frames.join(', ')}; ` : '';
      return `  [${finding.severity}] ${finding.kind}: ${finding.summary}\n      ${frames}guide: ${finding.step}`;
    }),
  );

  const tlsRefused = tlsRefusedIds(report.tls.alerts);
  if (filter !== undefined) {
    const matching = report.tcp.conversations.filter(filter.matches);
    lines.push('', `Conversations matching ${filter.expression} (${matching.length} of ${report.tcp.conversations.length}):`);
    if (matching.length === 0) lines.push('  none');
    lines.push(...limited(matching, (conversation) => conversationLine(conversation, tlsRefused)));
  } else {
    // A handshake a fatal TLS alert ended is closed as TCP goes, but refused all the same.
    const problems = report.tcp.conversations.filter((conversation) => PROBLEM_STATES.has(conversation.state) || tlsRefused.has(conversation.id));
    // What the findings call information (abortive closes, port checks, idle drops) would bury the failures.
    const concerns = conversationConcerns(report);
    const worrying = problems.filter((conversation) => {
      const concern = concerns.get(conversation.id);
      return concern === 'error' || concern === 'warning';
    });
    const informational = problems.length - worrying.length;
    if (problems.length > 0) {
      // Information covers routine endings and what the trace is too short to judge, so the words claim neither.
      const which = informational < problems.length ? `${informational} of them` : problems.length === 1 ? 'it' : 'all of them';
      lines.push('', `Conversations that did not end cleanly (${problems.length}${informational === 0 ? '' : `; the findings rate ${which} information only`}):`);
      lines.push(...limited(worrying, (conversation) => conversationLine(conversation, tlsRefused)));
      if (informational > 0) {
        const subject = informational === problems.length ? (problems.length === 1 ? 'It is' : 'They are') : informational === 1 ? 'The other one is' : `The other ${informational} are`;
        lines.push(`  ${subject} listed with the findings above as information (routine endings, or too little trace to judge); --filter tcp.flags.reset lists every reset conversation.`);
      }
    }
  }
  if (report.tcp.resets.length > 0) {
    const groups = groupResets(report.tcp.resets, report.tcp.conversations);
    lines.push('', `Resets (${report.tcp.resets.length}${groups.length < report.tcp.resets.length ? `, ${count(groups.length, 'kind')}` : ''}):`);
    lines.push(...limited(groups, resetGroupLines));
  }
  return terminalSafe(lines.join('\n')) + '\n';
}

/** The report with only the matching conversations, and what the filter was, for --json. */
function filteredReport(report: CaptureReport, filter: ConversationFilter): CaptureReport & { filter: { expression: string; matched: number; total: number } } {
  const conversations = report.tcp.conversations.filter(filter.matches);
  return {
    ...report,
    tcp: { ...report.tcp, conversations },
    filter: { expression: filter.expression, matched: conversations.length, total: report.tcp.conversations.length },
  };
}

interface ParsedArguments {
  files: string[];
  json: boolean;
  ladders: boolean;
  filter?: ConversationFilter;
}

function parseArguments(args: string[]): ParsedArguments | string {
  const files: string[] = [];
  let json = false;
  let ladders = false;
  let expression: string | undefined;
  let optionsEnded = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && arg === '--json') json = true;
    else if (!optionsEnded && arg === '--ladders') ladders = true;
    else if (!optionsEnded && arg === '--filter') {
      if (index + 1 === args.length) return '--filter needs an expression, e.g. --filter "tcp.port == 8060"';
      expression = args[++index];
    } else if (!optionsEnded && arg.startsWith('--filter=')) expression = arg.slice('--filter='.length);
    else if (!optionsEnded && arg === '-') return "a capture is read from a file, not from standard input: save it to a file and give its name";
    else if (!optionsEnded && arg.startsWith('-')) return `unknown option '${arg}'`;
    else files.push(arg);
  }
  if (files.length === 0) return 'no capture file given';
  if (ladders && !json) return '--ladders adds packet ladders to the JSON report: use it with --json';
  if (expression === undefined) return { files, json, ladders };
  const compiled = compileFilter(expression);
  if (!compiled.ok) {
    const { message, start, length } = compiled.problem;
    return `--filter: ${message}\n  ${expression}\n  ${' '.repeat(start)}${'^'.repeat(Math.max(1, length))}`;
  }
  return { files, json, ladders, filter: { expression, matches: compiled.matches } };
}

export async function runCapture(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return ExitCode.Ok;
  }
  const parsed = parseArguments(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`shir-doctor capture: ${parsed}\n${USAGE}\n`);
    return ExitCode.Usage;
  }
  const list = await captureFiles(parsed.files);
  if (typeof list === 'string') {
    process.stderr.write(terminalSafe(`shir-doctor capture: ${list}\n`));
    return ExitCode.Usage;
  }
  for (const { path, label } of list.setAside) {
    process.stderr.write(terminalSafe(`shir-doctor capture: left out '${path}' (${label}, not a capture); 'shir-doctor log' reads it\n`));
  }
  const sources: FileSource[] = [];
  try {
    for (const path of list.files) {
      try {
        sources.push(await openFileSource(path));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
        process.stderr.write(terminalSafe(`shir-doctor capture: cannot open '${path}': ${why}\n`));
        return ExitCode.Unreadable;
      }
    }
    const report = await analyzeCapture(sources);
    if (parsed.json) await writeJson(parsed.filter ? filteredReport(report, parsed.filter) : report, parsed.ladders);
    else process.stdout.write(formatHumanReport(report, parsed.filter));
    if (report.files.length === 0 || (report.packets === 0 && report.damage !== null)) {
      if (!parsed.json) process.stderr.write('shir-doctor capture: nothing readable: no file opened as a capture (see the findings above)\n');
      return ExitCode.Unreadable;
    }
    return report.damage !== null ? ExitCode.Damaged : ExitCode.Ok;
  } finally {
    await Promise.all(sources.map((source) => source.close()));
  }
}
