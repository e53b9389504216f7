/**
 * Helpers for the capture analyzer's browser tests: fixture paths and their tshark truth, a
 * synthetic drop, and generated pcaps whose content is known by construction (many conversations,
 * a file big enough to cancel).
 */
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { PCAP_HEADER, tcpRecord, type Packet } from './capture-synthetic';
import { waitForIslands } from './support';

export const ROOT = process.cwd();
export const FORMAT_FIXTURES = join(ROOT, 'tests', 'fixtures', 'formats');
export const CAPTURE_FIXTURES = join(ROOT, 'tests', 'fixtures', 'capture');

/** tshark's frames for H1's format fixtures (tests/fixtures/formats/expected.json). */
export function formatFrames(name: string): Array<{ time: string; length: number; captured: number }> {
  const expected = JSON.parse(readFileSync(join(FORMAT_FIXTURES, 'expected.json'), 'utf8')) as Record<string, { frames: Array<{ time: string; length: number; captured: number }> }>;
  const entry = expected[name];
  if (!entry) throw new Error(`no tshark truth for ${name}`);
  return entry.frames;
}

export function fixtureExists(path: string): boolean {
  return existsSync(path);
}

export function widget(page: Page): Locator {
  return page.getByTestId('capture-analyzer');
}

/** Waits until the analysis has finished (or failed), never until a fixed time. */
export async function waitForOutcome(page: Page, timeout = 30_000): Promise<string> {
  const root = widget(page);
  await root.and(page.locator('[data-phase="done"], [data-phase="failed"], [data-phase="cancelled"]')).waitFor({ timeout });
  return (await root.getAttribute('data-phase')) ?? '';
}

/** A drop as a browser makes it, with files in a DataTransfer, dispatched on the drop zone. */
export async function dropFiles(page: Page, files: Array<{ name: string; path: string }>): Promise<void> {
  const payload = files.map((file) => ({ name: file.name, bytes: Array.from(readFileSync(file.path)) }));
  await page.getByTestId('capture-drop').evaluate((zone, items) => {
    const transfer = new DataTransfer();
    for (const item of items) transfer.items.add(new File([new Uint8Array(item.bytes)], item.name));
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }, payload);
}

/**
 * A drop from the desktop, through Chromium's own drag pipeline (CDP Input.dispatchDragEvent):
 * paths may be folders, which the page then sees as directory entries, as it would from a file
 * manager. A DataTransfer built in the page cannot hold directory entries.
 */
export async function dropFromDesktop(page: Page, paths: string[]): Promise<void> {
  const zone = page.getByTestId('capture-drop');
  await zone.scrollIntoViewIfNeeded();
  const box = (await zone.boundingBox())!;
  const session = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await session.send('Input.dispatchDragEvent', { type, x: box.x + box.width / 2, y: box.y + box.height / 2, data });
  }
  await session.detach();
}

/** An unanswered SYN from 10.0.0.5 to port 443 of `destinationAddress`, `seconds` after 1,700,000,000 s. */
function synRecord(seconds: number, sourcePort: number, destinationAddress: number): Buffer {
  const syn: Packet = { from: 0x0a000005, to: destinationAddress, fromPort: sourcePort, toPort: 443, ttl: 128, flags: 0x02, sequence: 1, acknowledgement: 0 };
  return tcpRecord(syn, seconds * 1_000_000);
}

/**
 * `count` unanswered SYNs, each to its own destination address and source port, so the trace
 * holds exactly `count` TCP conversations.
 */
export function manyConversationsPcap(count: number): Buffer {
  const records: Buffer[] = [PCAP_HEADER];
  for (let index = 0; index < count; index++) records.push(synRecord(Math.floor(index / 1000), 1024 + (index % 60000), 0x14000000 + index));
  return Buffer.concat(records);
}

/** A pcap of about `megabytes` MB of SYNs, written to disk (setInputFiles streams paths; buffers are capped at 50 MB). */
export async function writeLargePcap(path: string, megabytes: number): Promise<void> {
  const stream = createWriteStream(path);
  const block = Buffer.concat(Array.from({ length: 10_000 }, (_, index) => synRecord(0, 1024 + index, 0x14000001)));
  stream.write(PCAP_HEADER);
  const blocks = Math.ceil((megabytes * 1024 * 1024) / block.length);
  for (let index = 0; index < blocks; index++) {
    if (!stream.write(block)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

/** What scripts/fixtures/expected.py writes beside each scenario fixture (tshark/capinfos only). */
export interface ScenarioTruth {
  packets: number;
  format: 'pcap' | 'pcapng' | 'netmon';
  version: string;
  firstTime: string | null;
  tcp: {
    conversations: Array<{ client: string; server: string; state: string; packets: number; bytes: number; synRetransmits: number; firstFrame: number; lastFrame: number }>;
    duplicateFrames: number[];
    resets: Array<{ frame: number; time: string; src: string; srcPort: number; dst: string; dstPort: number; ttl: number; initialTtl: number; hops: number; sentBy: 'peer' | 'path' | 'unknown'; afterPeerFin: boolean; crossedPeerFin: boolean }>;
    synRetransmissions: number;
  };
  dns: { queries: number; answers: Array<{ name: string; rcode: string; captureCopy: boolean }>; unanswered: Array<{ name: string }> };
  tls: { serverNames: string[] };
  proxyTunnels: Array<{ stream: number; target: string; statuses: number[] }>;
}

export function scenarioPath(file: string): string {
  const scenario = file.replace(/(\(\d+\))?\.(ns\.pcap|pcap|pcapng|pcapng\.gz|nm\d+\.cap|cap)$/, '');
  return join(CAPTURE_FIXTURES, scenario, file);
}

export function scenarioTruth(file: string): ScenarioTruth {
  return JSON.parse(readFileSync(`${scenarioPath(file)}.expected.json`, 'utf8')) as ScenarioTruth;
}

/**
 * The verdicts the design promises for what tshark saw: a refused handshake, an unanswered SYN,
 * a RST whose TTL does not match its claimed sender, a failed DNS answer.
 */
export function promisedVerdicts(truth: ScenarioTruth): string[] {
  const kinds = new Set<string>();
  const states = truth.tcp.conversations.map((conversation) => conversation.state);
  if (states.includes('refused')) kinds.add('connection-refused');
  if (states.includes('no-answer') && truth.tcp.synRetransmissions > 0) kinds.add('syn-timeout');
  if (truth.tcp.resets.some((reset) => reset.sentBy === 'path')) kinds.add('middlebox-reset');
  if (truth.dns.answers.some((answer) => answer.rcode !== 'NOERROR')) kinds.add('dns-failure');
  if (truth.proxyTunnels.some((tunnel) => tunnel.statuses.includes(403))) kinds.add('proxy-refused');
  return [...kinds].sort();
}

/**
 * What the selected conversation says of its counts ("12 packets, 3,456 bytes, 0 SYN
 * retransmissions."), as a pattern for tshark's packets and SYN retransmissions.
 */
export function selectedCounts(conversation: { packets: number; synRetransmits: number }): RegExp {
  const plural = (count: number, noun: string) => `${count.toLocaleString('en')} ${noun}${count === 1 ? '' : 's'}`;
  return new RegExp(`^${plural(conversation.packets, 'packet')}, [\\d,]+ bytes?, ${plural(conversation.synRetransmits, 'SYN retransmission')}\\.$`);
}

export const FULL = '/traces/read/';
export const COMPACT = '/symptoms/connection-reset/';

export async function open(page: Page, path = FULL) {
  await page.goto(path);
  await waitForIslands(page);
}

export function fileInput(page: Page) {
  return widget(page).getByLabel('Choose capture files');
}

export async function analyzePaths(page: Page, paths: string[]) {
  await fileInput(page).setInputFiles(paths);
  return waitForOutcome(page);
}

/**
 * What collides in a drawn ladder: a time reaching the client lane, a label outside the drawing or
 * over a time, lane titles or addresses running into each other. Empty when the drawing is clean.
 */
export async function ladderCollisions(ladder: Locator): Promise<string[]> {
  return ladder.evaluate((svg) => {
    const width = Number(svg.getAttribute('width'));
    const boxes = (selector: string) => [...svg.querySelectorAll<SVGGraphicsElement>(selector)].map((element) => element.getBBox());
    const times = boxes('.capture-ladder__time');
    const clientLane = Number(svg.querySelector('[data-lane="client"] line')!.getAttribute('x1'));
    const problems: string[] = [];
    for (const time of times) if (time.x + time.width >= clientLane) problems.push(`time label reaches the client lane (${time.x + time.width} ≥ ${clientLane})`);
    for (const label of boxes('.capture-ladder__label')) {
      if (label.x < 0 || label.x + label.width > width) problems.push(`label outside the drawing (${label.x}..${label.x + label.width} of ${width})`);
      for (const time of times) {
        const apart = label.x >= time.x + time.width || time.x >= label.x + label.width || label.y >= time.y + time.height || time.y >= label.y + label.height;
        if (!apart) problems.push('label over a time');
      }
    }
    // The lanes' headings: with a path lane between them, an address ran into its neighbour.
    for (const selector of ['.capture-ladder__lane-title', '.capture-ladder__lane-address']) {
      const heads = boxes(selector);
      for (const [index, head] of heads.entries()) {
        for (const other of heads.slice(index + 1)) if (head.x + head.width > other.x && other.x + other.width > head.x) problems.push(`${selector} overlap`);
      }
    }
    return problems;
  });
}
