/**
 * The fields a filter may name, in both dialects, and how each reads a conversation.
 *
 * Filters apply to conversations, not single packets: a field holds every value it takes in any
 * packet of the conversation, and `field == value` is true when one of them equals the value
 * (as Wireshark's `ip.addr` already does for source and destination). `!=` is the negation of `==`,
 * so `ip.addr != 8.8.8.8` keeps the conversations that never touch 8.8.8.8.
 */
import type { Conversation } from '../capture/report';

/** 'name': a host name, compared without regard to case, as DNS compares names. */
export type FieldType = 'address' | 'port' | 'flag' | 'number' | 'protocol' | 'name';

export interface FieldDefinition {
  /** Name shown in messages (Wireshark spelling). */
  name: string;
  type: FieldType;
  /** For addresses: which IP version the field belongs to. */
  ipVersion?: 4 | 6;
  /** Every value the field takes in the conversation. */
  values(conversation: Conversation): Array<string | number | boolean>;
}

/** TCP flag bits as Conversation.tcpFlags holds them. */
const TcpFlagBit = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16, URG: 32, ECE: 64, CWR: 128 } as const;

function sentToServer(conversation: Conversation): boolean {
  return conversation.packetsToServer > 0;
}
function sentToClient(conversation: Conversation): boolean {
  return conversation.packetsToClient > 0;
}

function sourceAddresses(conversation: Conversation): string[] {
  const addresses: string[] = [];
  if (sentToServer(conversation)) addresses.push(conversation.clientAddress);
  if (sentToClient(conversation)) addresses.push(conversation.serverAddress);
  return addresses;
}
function destinationAddresses(conversation: Conversation): string[] {
  const addresses: string[] = [];
  if (sentToServer(conversation)) addresses.push(conversation.serverAddress);
  if (sentToClient(conversation)) addresses.push(conversation.clientAddress);
  return addresses;
}
function sourcePorts(conversation: Conversation): number[] {
  const ports: number[] = [];
  if (sentToServer(conversation)) ports.push(conversation.clientPort);
  if (sentToClient(conversation)) ports.push(conversation.serverPort);
  return ports;
}
function destinationPorts(conversation: Conversation): number[] {
  const ports: number[] = [];
  if (sentToServer(conversation)) ports.push(conversation.serverPort);
  if (sentToClient(conversation)) ports.push(conversation.clientPort);
  return ports;
}

/** True when any packet of the conversation carried the flag, not only the packets its ladder kept. */
function flagField(name: string, flag: number): FieldDefinition {
  return { name, type: 'flag', values: (conversation) => [(conversation.tcpFlags & flag) !== 0] };
}

function addressField(name: string, ipVersion: 4 | 6, read: (conversation: Conversation) => string[]): FieldDefinition {
  return { name, type: 'address', ipVersion, values: (conversation) => (conversation.ipVersion === ipVersion ? read(conversation) : []) };
}

const bothAddresses = (conversation: Conversation) => [conversation.clientAddress, conversation.serverAddress];
const bothPorts = (conversation: Conversation) => [conversation.clientPort, conversation.serverPort];

const ADDRESS_IPV4 = addressField('ip.addr', 4, bothAddresses);
const SOURCE_IPV4 = addressField('ip.src', 4, sourceAddresses);
const DESTINATION_IPV4 = addressField('ip.dst', 4, destinationAddresses);
const ADDRESS_IPV6 = addressField('ipv6.addr', 6, bothAddresses);
const SOURCE_IPV6 = addressField('ipv6.src', 6, sourceAddresses);
const DESTINATION_IPV6 = addressField('ipv6.dst', 6, destinationAddresses);
const PORT: FieldDefinition = { name: 'tcp.port', type: 'port', values: bothPorts };
const SOURCE_PORT: FieldDefinition = { name: 'tcp.srcport', type: 'port', values: sourcePorts };
const DESTINATION_PORT: FieldDefinition = { name: 'tcp.dstport', type: 'port', values: destinationPorts };
const URGENT = flagField('tcp.flags.urg', TcpFlagBit.URG);
const RETRANSMISSION: FieldDefinition = { name: 'tcp.analysis.retransmission', type: 'flag', values: (conversation) => [conversation.synRetransmits > 0] };
const STREAM: FieldDefinition = { name: 'tcp.stream', type: 'number', values: (conversation) => [conversation.id] };
const SERVER_NAME: FieldDefinition = {
  name: 'tls.handshake.extensions_server_name',
  type: 'name',
  values: (conversation) => (conversation.tlsServerName === undefined ? [] : [conversation.tlsServerName]),
};

/*
 * HTTP, as far as a tunnel through a proxy shows it: the CONNECT's target and the proxy's (last)
 * answer. Other HTTP is not followed, so these fields are empty outside proxy tunnels.
 */
const CONNECT_TARGET: FieldDefinition = {
  name: 'http.request.uri',
  type: 'name',
  values: (conversation) => (conversation.proxyTarget === undefined ? [] : [conversation.proxyTarget]),
};
const REQUEST_METHOD: FieldDefinition = {
  name: 'http.request.method',
  type: 'name',
  values: (conversation) => (conversation.proxyTarget === undefined ? [] : ['CONNECT']),
};
const RESPONSE_CODE: FieldDefinition = {
  name: 'http.response.code',
  type: 'number',
  values: (conversation) => (conversation.proxyStatus === undefined ? [] : [conversation.proxyStatus]),
};

/*
 * TLS alerts, those sent in plaintext (TLS 1.3 encrypts most). In Wireshark `tls.alert_message` is
 * the alert record; here it keeps the conversations that carry one, and `.desc` holds their numbers.
 */
const ALERT: FieldDefinition = { name: 'tls.alert_message', type: 'protocol', values: (conversation) => [conversation.tlsAlertCodes !== undefined] };
const ALERT_DESCRIPTION: FieldDefinition = { name: 'tls.alert_message.desc', type: 'number', values: (conversation) => conversation.tlsAlertCodes ?? [] };

function protocol(name: string, matches: (conversation: Conversation) => boolean): FieldDefinition {
  return { name, type: 'protocol', values: (conversation) => [matches(conversation)] };
}

/** Lower-case name -> field. Network Monitor names are matched without regard to case, as Network Monitor does. */
export const FIELDS: ReadonlyMap<string, FieldDefinition> = new Map([
  // Wireshark
  ['ip.addr', ADDRESS_IPV4],
  ['ip.src', SOURCE_IPV4],
  ['ip.dst', DESTINATION_IPV4],
  ['ipv6.addr', ADDRESS_IPV6],
  ['ipv6.src', SOURCE_IPV6],
  ['ipv6.dst', DESTINATION_IPV6],
  ['tcp.port', PORT],
  ['tcp.srcport', SOURCE_PORT],
  ['tcp.dstport', DESTINATION_PORT],
  ['tcp.flags.reset', flagField('tcp.flags.reset', TcpFlagBit.RST)],
  ['tcp.flags.syn', flagField('tcp.flags.syn', TcpFlagBit.SYN)],
  ['tcp.flags.fin', flagField('tcp.flags.fin', TcpFlagBit.FIN)],
  ['tcp.flags.ack', flagField('tcp.flags.ack', TcpFlagBit.ACK)],
  ['tcp.flags.push', flagField('tcp.flags.push', TcpFlagBit.PSH)],
  ['tcp.flags.urg', URGENT],
  ['tcp.flags.ece', flagField('tcp.flags.ece', TcpFlagBit.ECE)],
  ['tcp.flags.cwr', flagField('tcp.flags.cwr', TcpFlagBit.CWR)],
  ['tcp.analysis.retransmission', RETRANSMISSION],
  ['tcp.stream', STREAM],
  ['tls.handshake.extensions_server_name', SERVER_NAME],
  // Wireshark's name for it before 3.0, still common in guides.
  ['ssl.handshake.extensions_server_name', SERVER_NAME],
  ['tls.alert_message', ALERT],
  ['tls.alert_message.desc', ALERT_DESCRIPTION],
  ['ssl.alert_message', ALERT],
  ['ssl.alert_message.desc', ALERT_DESCRIPTION],
  ['http.request.uri', CONNECT_TARGET],
  ['http.request.method', REQUEST_METHOD],
  ['http.response.code', RESPONSE_CODE],
  ['tcp', protocol('tcp', () => true)],
  ['ip', protocol('ip', (conversation) => conversation.ipVersion === 4)],
  ['ipv6', protocol('ipv6', (conversation) => conversation.ipVersion === 6)],
  // Network Monitor (its TCP.Port, TCP.SrcPort, TCP.DstPort and TCP.Flags.Syn/Fin/Reset/Ack/Push fold onto the names above)
  ['ipv4.address', ADDRESS_IPV4],
  ['ipv4.sourceaddress', SOURCE_IPV4],
  ['ipv4.destinationaddress', DESTINATION_IPV4],
  ['ipv6.address', ADDRESS_IPV6],
  ['ipv6.sourceaddress', SOURCE_IPV6],
  ['ipv6.destinationaddress', DESTINATION_IPV6],
  ['ipv4', protocol('ipv4', (conversation) => conversation.ipVersion === 4)],
  ['tcp.flags.urgent', URGENT],
]);

/** Field names offered in the UI's help and in "did you mean" hints. */
export const FIELD_NAMES: readonly string[] = [...new Set([...FIELDS.keys()])];

/** Each field once, by the name messages use (Wireshark's; "ipv4" is Network Monitor's protocol name): the list an unknown field's message gives. */
export const WIRESHARK_FIELD_NAMES: readonly string[] = [...new Set([...FIELDS.values()].map((field) => field.name))];
