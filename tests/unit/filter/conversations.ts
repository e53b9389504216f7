import type { Conversation } from '../../../src/lib/capture/report';

/** A conversation with only the fields a filter reads set to meaningful values. */
export function conversation(overrides: Partial<Conversation> & Pick<Conversation, 'clientAddress' | 'serverAddress'>): Conversation {
  const ipVersion = overrides.clientAddress.includes(':') ? 6 : 4;
  const clientPort = overrides.clientPort ?? 50000;
  const serverPort = overrides.serverPort ?? 443;
  const endpoint = (address: string, port: number) => (ipVersion === 6 ? `[${address}]:${port}` : `${address}:${port}`);
  return {
    id: 0,
    client: endpoint(overrides.clientAddress, clientPort),
    server: endpoint(overrides.serverAddress, serverPort),
    clientPort,
    serverPort,
    ipVersion,
    state: 'established',
    resetBy: null,
    packets: 4,
    bytes: 240,
    packetsToServer: 2,
    packetsToClient: 2,
    bytesToServer: 120,
    bytesToClient: 120,
    synRetransmits: 0,
    tcpFlags: 0x12,
    firstFrame: 1,
    lastFrame: 4,
    firstTime: '2024-01-01T00:00:00Z',
    lastTime: '2024-01-01T00:00:01Z',
    durationUs: 1_000_000,
    clientTtl: null,
    serverTtl: null,
    ladder: new Int32Array(0),
    ladderOmitted: 0,
    ...overrides,
  };
}
