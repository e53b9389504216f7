/**
 * What link types are called, for messages about packets this tool could not decode: the words
 * tcpdump prints for them (libpcap's pcap.c, dlt_choices), so a user can match them with what
 * tcpdump or Wireshark shows. Numbers are LINKTYPE_ values (https://www.tcpdump.org/linktypes.html,
 * libpcap's pcap-common.c). The table holds the link types met in public traces and the common
 * ones a Windows, Linux or router capture may carry; any other is named by its number.
 */
const LINK_TYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'BSD loopback'],
  [1, 'Ethernet'],
  [6, 'Token ring'],
  [9, 'PPP'],
  [10, 'FDDI'],
  [101, 'Raw IP'],
  [104, 'Cisco HDLC'],
  [105, '802.11'],
  [108, 'OpenBSD loopback'],
  [113, 'Linux cooked'],
  [117, 'OpenBSD pflog file'],
  [119, '802.11 plus Prism header'],
  [127, '802.11 plus radiotap header'],
  [129, 'Linux ARCNET'],
  [132, 'Juniper Encryption Services PIC'],
  [163, '802.11 plus AVS radio information header'],
  [165, 'BACnet MS/TP'],
  [187, 'Bluetooth HCI UART transport layer'],
  [189, 'USB with Linux header'],
  [192, 'Per-Packet Information'],
  [201, 'Bluetooth HCI UART transport layer plus pseudo-header'],
  [216, 'Linux evdev events'],
  [220, 'USB with padded Linux header'],
  [227, 'CAN-bus with SocketCAN headers'],
  [228, 'Raw IPv4'],
  [229, 'Raw IPv6'],
  [239, 'Linux netfilter log messages'],
  [242, 'RFC 4391 IP-over-Infiniband'],
  [249, 'USB with USBPcap header'],
  [252, 'Wireshark Upper PDU export'],
  [253, 'Linux netlink'],
  [254, 'Bluetooth Linux Monitor'],
  [266, 'USB with Darwin header'],
  [271, 'Linux vsock'],
  [276, 'Linux cooked v2'],
  [281, 'Broadcom tag'],
  [282, 'Broadcom tag (prepended)'],
]);

/**
 * Link types whose frames never hold an IP packet, so a trace of them has no TCP to find: kernel
 * messages (netlink), host-to-virtual-machine sockets (vsock, its own address family), building
 * automation and vehicle buses (BACnet MS/TP, CAN) and input events. USB and Bluetooth are not
 * here: a USB network adapter or a Bluetooth network link can carry IP inside them.
 */
export const NON_IP_LINK_TYPES: ReadonlySet<number> = new Set([165, 216, 227, 253, 271]);

/** The name tcpdump gives a link type ("Linux netlink" for 253); undefined for one not in the table. */
export function linkTypeName(linkType: number): string | undefined {
  return LINK_TYPE_NAMES.get(linkType);
}
