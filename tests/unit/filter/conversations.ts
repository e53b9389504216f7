import type { Conversation, LadderPacket } from '../../../src/lib/capture/report';

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
    firstFrame: 1,
    lastFrame: 4,
    firstTime: '2024-01-01T00:00:00Z',
    lastTime: '2024-01-01T00:00:01Z',
    durationUs: 1_000_000,
    clientTtl: null,
    serverTtl: null,
    ladder: [],
    ladderOmitted: 0,
    ...overrides,
  };
}

export function ladderPacket(fromClient: boolean, flags: number, extra: Partial<LadderPacket> = {}): LadderPacket {
  return {
    frame: 1,
    offsetUs: 0,
    fromClient,
    flags,
    seq: 0,
    ack: 0,
    window: 64240,
    payloadLength: 0,
    ttl: 64,
    initialTtl: 64,
    hops: 0,
    origin: fromClient ? 'client' : 'server',
    ...extra,
  };
}
