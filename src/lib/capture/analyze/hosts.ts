/**
 * Per-address profiles: how many packets each source address sent and with which TTLs. They
 * back the report's host list (OS family hint from the initial TTL) and give the RST judge a
 * reference when the claimed sender said nothing else within the conversation.
 */
import type { HostProfile } from '../report';
import { formatAddress } from './address';
import { KeyTable } from './key-table';
import { osHintOf, ttlReading } from './ttl';

/** Distinct TTLs counted per host; more than this is noise (or spoofing) we summarise away. */
const MAX_TTLS_PER_HOST = 16;
/** Hosts listed in the report, busiest first. */
export const MAX_REPORTED_HOSTS = 500;

interface HostState {
  version: number;
  words: Uint32Array;
  packets: number;
  ttls: number[];
  ttlPackets: number[];
}

export class HostTracker {
  private readonly keys = new KeyTable(5);
  private readonly hosts: HostState[] = [];
  private readonly key = new Uint32Array(5);

  private index(version: number, address: Uint32Array): number {
    const key = this.key;
    key[0] = version;
    key[1] = address[0];
    key[2] = address[1];
    key[3] = address[2];
    key[4] = address[3];
    return this.keys.find(key);
  }

  /** Dense index of `address`, added on first sight; callers may cache it (conversations do, per side). */
  indexOf(version: number, address: Uint32Array): number {
    const index = this.index(version, address);
    if (index >= 0) return index;
    this.hosts.push({ version, words: address.slice(), packets: 0, ttls: [], ttlPackets: [] });
    return this.keys.insert(this.key);
  }

  /** Counts a packet from the host at `index`; RSTs are counted but their TTL is not taken as the host's own. */
  count(index: number, ttl: number, countTtl: boolean): void {
    const host = this.hosts[index];
    host.packets++;
    if (!countTtl) return;
    const known = host.ttls.indexOf(ttl);
    if (known >= 0) host.ttlPackets[known]++;
    else if (host.ttls.length < MAX_TTLS_PER_HOST) {
      host.ttls.push(ttl);
      host.ttlPackets.push(1);
    }
  }

  /** TTLs this address has used so far (non-RST), most frequent first. */
  ttlsOf(version: number, address: Uint32Array): number[] {
    const index = this.index(version, address);
    if (index < 0) return [];
    const host = this.hosts[index];
    return host.ttls.map((ttl, position) => ({ ttl, packets: host.ttlPackets[position] })).sort((a, b) => b.packets - a.packets).map((entry) => entry.ttl);
  }

  profiles(): HostProfile[] {
    return this.hosts
      .slice()
      .sort((a, b) => b.packets - a.packets)
      .slice(0, MAX_REPORTED_HOSTS)
      .map((host) => {
        const ttls = host.ttls.map((ttl, position) => ({ ...ttlReading(ttl), packets: host.ttlPackets[position] })).sort((a, b) => b.packets - a.packets);
        return {
          address: formatAddress(host.version, host.words),
          packets: host.packets,
          ttls,
          osHint: ttls.length > 0 ? osHintOf(ttls[0].initialTtl) : 'unknown',
        };
      });
  }
}
