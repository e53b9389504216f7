import { Fragment } from 'preact';
import type { HostProfile, OsHint, ResetRecord } from '../../lib/capture/report';
import { formatCount } from './format';
import { ScrollRegion } from './ScrollRegion';
import './capture-ladder.css';

/** Most hosts worth a glance; the busiest come first in the report. */
const HOST_LIMIT = 40;
const BAR_WIDTH = 56;

/**
 * An address that may wrap only after a colon: IPv6 breaks between groups; IPv4, one unbreakable
 * piece, never (the browser had split "10.77.1.1" at a dot). Each piece is nowrap, the <wbr>
 * between pieces the only break.
 */
function breakableAddress(address: string) {
  return address.split(':').map((part, index, parts) => (
    <Fragment key={index}>
      <span class="capture-hosts__address-part">{index < parts.length - 1 ? `${part}:` : part}</span>
      {index < parts.length - 1 && <wbr />}
    </Fragment>
  ));
}

/** "Windows": the initial TTL behind the guess is in the TTL column already. */
function senderWords(hint: OsHint): string {
  return hint.replace(/ \(initial \d+\)$/, '');
}

/**
 * Each distance once, most frequent first. Only a second hop count is worth a look: TTL 128 and
 * 255 both at 0 hops (a host whose stacks start from different values) are the same distance.
 */
function distinctHops(host: HostProfile): number[] {
  return [...new Set(host.ttls.map((reading) => reading.hops))];
}

/**
 * The TTLs of the RSTs claiming to come from each address, for hosts whose profile has none: a
 * host that only ever refused (a port scan's closed ports) has its TTL nowhere else, and a blank
 * cell read as "not measured" while the reset list showed TTL 64.
 */
function resetTtlsBySender(resets: readonly ResetRecord[]): Map<string, number[]> {
  const ttls = new Map<string, number[]>();
  for (const reset of resets) {
    const seen = ttls.get(reset.src) ?? [];
    if (!seen.includes(reset.ttl)) ttls.set(reset.src, [...seen, reset.ttl]);
  }
  return ttls;
}

interface Props {
  hosts: HostProfile[];
  resets: readonly ResetRecord[];
}

/**
 * TTL and inferred hop count per host, as a table whose last column draws the hops as a bar: the
 * numbers are the text alternative, the bar only helps the eye compare distances.
 */
export function HostChart({ hosts, resets }: Props) {
  const shown = hosts.slice(0, HOST_LIMIT);
  const resetTtls = resetTtlsBySender(resets);
  const maximumHops = Math.max(1, ...shown.flatMap((host) => host.ttls.map((reading) => reading.hops)));
  // The explanation sits outside the scrolling region: as a caption it was as wide as the table and cut off.
  // TTL and initial TTL share a column, so the table fits the guide's column beside its contents.
  return (
    <>
      <p class="capture-hosts__intro">
        TTL and hops per host{hosts.length > shown.length ? ` (the ${shown.length} busiest of ${hosts.length})` : ''}. A host showing two different hop counts is worth a look:
        something on the path may be answering for it.
      </p>
      <ScrollRegion class="capture-hosts-scroll capture-card-scroll" label="TTL per host, scrollable">
        <table class="capture-hosts capture-card-table" data-testid="capture-hosts">
          <caption class="sr-only">TTL and hops per host</caption>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Packets</th>
              <th scope="col">TTL seen (initial)</th>
              <th scope="col">Hops</th>
              <th scope="col">Likely sender</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((host) => {
              const main = host.ttls[0];
              const hops = distinctHops(host);
              const varies = hops.length > 1;
              return (
                <tr key={host.address} class={varies ? 'capture-hosts__varies' : undefined}>
                  <td class="capture-hosts__address" title={host.address}>
                    {breakableAddress(host.address)}
                  </td>
                  <td class="capture-numeric" data-label="Packets">
                    {formatCount(host.packets)}
                  </td>
                  <td class="capture-numeric capture-hosts__ttls" data-label="TTL seen (initial)">
                    {host.ttls.length === 0 && resetTtls.has(host.address) && (
                      <span class="capture-hosts__reading" data-testid="capture-hosts-reset-ttl">
                        {resetTtls.get(host.address)!.join(', ')} (resets only)
                      </span>
                    )}
                    {host.ttls.map((reading, index) => (
                      <Fragment key={index}>
                        {index > 0 && ', '}
                        <span class="capture-hosts__reading">
                          {reading.ttl} ({reading.initialTtl})
                        </span>
                      </Fragment>
                    ))}
                  </td>
                  <td data-label="Hops" class="capture-hosts__hops-cell">
                    <span class="capture-hosts__hops">{hops.join(', ')}</span>
                    <svg width={BAR_WIDTH} height={10} aria-hidden="true" class="capture-hosts__bar">
                      {hops.map((count, index) => (
                        <rect
                          key={index}
                          x={0}
                          y={index === 0 ? 0 : 6}
                          height={varies ? 4 : 10}
                          width={Math.max(2, (count / maximumHops) * BAR_WIDTH)}
                          class={index === 0 ? undefined : 'capture-hosts__bar-other'}
                        />
                      ))}
                    </svg>
                  </td>
                  <td data-label="Likely sender">{main ? senderWords(host.osHint) : 'unknown'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
