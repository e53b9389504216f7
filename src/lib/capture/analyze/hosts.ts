/**
 * Per-address profiles: how many packets each source address sent and with which TTLs. They
 * back the report's host list (OS family hint from the initial TTL) and give the RST judge a
 * reference when the claimed sender said nothing else within the conversation. IPv6 packets whose
 * hop limit their protocol fixed at 255 (neighbour discovery) stay among the TTLs seen, a fact of
 * the trace, but do not count towards the OS hint.
 *
 * Kept as parallel arrays indexed by the key table's dense index (a scan can show a hundred
 * thousand addresses): the address stays in the key table, and a host's usual single TTL is two
 * numbers; only hosts seen with several TTLs get a small list.
 */
import type { HostProfile, OsHint, TtlReading } from '../report';
import { formatAddress } from './address';
import { KeyTable } from './key-table';
import { osHintOf, ttlReading } from './ttl';

/** Distinct TTLs counted per host; more than this is noise (or spoofing) we summarise away. */
const MAX_TTLS_PER_HOST = 16;
/** Hosts listed in the report, busiest first. */
export const MAX_REPORTED_HOSTS = 500;
/** Key: IP version, then the four address words. */
const KEY_WORDS = 5;

export class HostTracker {
  private readonly keys = new KeyTable(KEY_WORDS);
  private readonly key = new Uint32Array(KEY_WORDS);
  private readonly packets: number[] = [];
  /** First non-RST TTL and its packet count; -1 until one is seen. */
  private readonly firstTtl: number[] = [];
  private readonly firstTtlPackets: number[] = [];
  /** Further TTLs as [ttl, packets] pairs, null for the usual host with one TTL. */
  private readonly otherTtls: Array<Array<[number, number]> | null> = [];
  /** Packets at hop limit 255 because their protocol demands it (ttl.ts hopLimitSetByProtocol). */
  private readonly protocolHopLimitPackets: number[] = [];

  private fillKey(version: number, address: Uint32Array): void {
    const key = this.key;
    key[0] = version;
    key[1] = address[0];
    key[2] = address[1];
    key[3] = address[2];
    key[4] = address[3];
  }

  /** Dense index of `address`, added on first sight; callers may cache it (conversations do, per side). */
  indexOf(version: number, address: Uint32Array): number {
    this.fillKey(version, address);
    const index = this.keys.find(this.key);
    if (index >= 0) return index;
    this.packets.push(0);
    this.firstTtl.push(-1);
    this.firstTtlPackets.push(0);
    this.otherTtls.push(null);
    this.protocolHopLimitPackets.push(0);
    return this.keys.insert(this.key);
  }

  /**
   * Counts a packet from the host at `index`; RSTs are counted but their TTL is not taken as the
   * host's own. `protocolHopLimit` marks a hop limit of 255 the protocol chose, not the OS.
   */
  count(index: number, ttl: number, countTtl: boolean, protocolHopLimit = false): void {
    this.packets[index]++;
    if (!countTtl) return;
    if (protocolHopLimit) this.protocolHopLimitPackets[index]++;
    if (this.firstTtl[index] === ttl) {
      this.firstTtlPackets[index]++;
    } else if (this.firstTtl[index] < 0) {
      this.firstTtl[index] = ttl;
      this.firstTtlPackets[index] = 1;
    } else {
      const others = (this.otherTtls[index] ??= []);
      const known = others.find((entry) => entry[0] === ttl);
      if (known !== undefined) known[1]++;
      else if (others.length < MAX_TTLS_PER_HOST - 1) others.push([ttl, 1]);
    }
  }

  private readings(index: number): Array<{ ttl: number; packets: number }> {
    if (this.firstTtl[index] < 0) return [];
    const all = [{ ttl: this.firstTtl[index], packets: this.firstTtlPackets[index] }, ...(this.otherTtls[index] ?? []).map(([ttl, packets]) => ({ ttl, packets }))];
    return all.sort((a, b) => b.packets - a.packets);
  }

  /** TTLs the host at `index` has used so far (non-RST), most frequent first. */
  ttlsAt(index: number): number[] {
    return this.readings(index).map((reading) => reading.ttl);
  }

  /** The most frequent reading the OS chose, without the packets whose protocol fixed it at 255. */
  private osHintAt(index: number, readings: ReadonlyArray<TtlReading & { packets: number }>): OsHint {
    const fixed = this.protocolHopLimitPackets[index];
    const chosen = readings
      .map((reading) => ({ initialTtl: reading.initialTtl, packets: reading.ttl === 255 ? reading.packets - fixed : reading.packets }))
      .filter((reading) => reading.packets > 0)
      .sort((a, b) => b.packets - a.packets);
    return chosen.length > 0 ? osHintOf(chosen[0].initialTtl) : 'unknown';
  }

  profiles(): HostProfile[] {
    const order = this.packets.map((_, index) => index).sort((a, b) => this.packets[b] - this.packets[a]);
    const words = this.keys.words;
    return order.slice(0, MAX_REPORTED_HOSTS).map((index) => {
      const ttls = this.readings(index).map((reading) => ({ ...ttlReading(reading.ttl), packets: reading.packets }));
      const base = this.keys.offsetOf(index);
      return {
        address: formatAddress(words[base], words, base + 1),
        packets: this.packets[index],
        ttls,
        osHint: this.osHintAt(index, ttls),
      };
    });
  }
}
