#!/usr/bin/env bash
# Regenerates tests/fixtures/capture/** from real traffic between network namespaces.
#
# Needs root, iproute2, iptables, python3, openssl, tcpdump, editcap, capinfos, tshark.
# Every scenario runs real kernel TCP/UDP between namespaces this script creates (see
# scripts/fixtures/netns.sh), captured by tcpdump on the client's interface, then converted with
# editcap into each format we read; the *.expected.json files come from tshark/capinfos only
# (scripts/fixtures/expected.py). Idempotent: it rebuilds the whole directory and removes its
# namespaces on exit, also on failure.
set -euo pipefail
export TZ=UTC LC_ALL=C

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/tests/fixtures/capture"
ACTORS="$ROOT/scripts/fixtures/actors.py"
WORK=$(mktemp -d /tmp/shir-fixtures.XXXXXX)
# shellcheck source=fixtures/netns.sh
source "$ROOT/scripts/fixtures/netns.sh"

CAPTURE_PIDS=()
BPF_MOUNT=
cleanup() {
  local pid
  for pid in "${CAPTURE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  topology_down
  [ -z "$BPF_MOUNT" ] || umount "$BPF_MOUNT" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# capture_start FILE [tcpdump interface options...]: nanosecond pcap straight from the kernel, on the client.
capture_start() { capture_start_in "$CLIENT" "$@"; }

# capture_start_in NAMESPACE FILE [tcpdump interface options...]: the same in another namespace.
capture_start_in() {
  local namespace=$1 file=$2; shift 2
  ip netns exec "$namespace" tcpdump -Z root --immediate-mode --time-stamp-precision=nano -s 0 "${@:--ieth0}" \
    -w "$file" 2>>"$WORK/tcpdump.log" &
  CAPTURE_PIDS+=($!)
  sleep 1.5 # tcpdump has no readiness signal; it is listening well within this
}

capture_stop() {
  sleep 0.5
  local pid
  for pid in "${CAPTURE_PIDS[@]}"; do kill -TERM "$pid"; wait "$pid" || true; done
  CAPTURE_PIDS=()
}

# Prints the pid of the process itself (ip netns exec execs it), so kill reaches it.
background() { ip netns exec "$1" "${@:2}" >>"$WORK/servers.log" 2>&1 & echo $!; }
# Servers started by background() are not children of this shell, so poll instead of wait.
await_exit() {
  local tries=50
  while kill -0 "$1" 2>/dev/null && ((tries-- > 0)); do sleep 0.1; done
  kill "$1" 2>/dev/null || true
}
client() { in_ns "$CLIENT" python3 "$ACTORS" "$@" | sed 's/^/    client: /'; }

scenario_refused() {
  capture_start "$1"
  client connect "$SERVER_IP" 1433
  capture_stop
}

scenario_syn_timeout() {
  in_ns "$FIREWALL" iptables -A FORWARD -p tcp --dport 443 -j DROP
  capture_start "$1"
  client connect "$SERVER_IP" 443 --timeout 3.5
  capture_stop
  in_ns "$FIREWALL" iptables -F FORWARD
}

scenario_middlebox_reset() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-hold "$SERVER_IP" 1433)
  in_ns "$FIREWALL" iptables -A FORWARD -p tcp --dport 1433 -m string --string SELECT --algo bm \
    -j REJECT --reject-with tcp-reset
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 1433 --send 'SELECT @@VERSION;'
  capture_stop
  kill "$server"
  in_ns "$FIREWALL" iptables -F FORWARD
}

scenario_clean() {
  set_ttl "$SERVER" 64
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$SERVER_IP" 8080)
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 8080 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  capture_stop
  await_exit "$server"
  set_ttl "$SERVER" 128
}

# A server that ends the exchange as many Windows services do: the client's FIN is answered with a
# RST (SO_LINGER 0), not a FIN. The RST carries the server's own TTL; it is a close, not a fault.
scenario_reset_on_close() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-abortive "$SERVER_IP" 8080)
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 8080 --half-close --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  capture_stop
  await_exit "$server"
}

# A client that closes abortively (SO_LINGER 0) while the server closes too: the server's FIN
# follows the client's RST, sent before the RST reached it and starting where the RST
# acknowledged. The links here have no delay to let the two cross on the wire, so the firewall
# drops the client's RST (an RST with ACK; the bare RST the client's kernel sends for the FIN
# later passes); the server then sends its FIN as it would have had they crossed.
scenario_reset_crossing_fin() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-close-late "$SERVER_IP" 8080)
  in_ns "$FIREWALL" iptables -A FORWARD -p tcp --dport 8080 --tcp-flags RST,ACK RST,ACK -j DROP
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 8080 --abort --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  capture_stop
  await_exit "$server"
  in_ns "$FIREWALL" iptables -F FORWARD
}

scenario_dns() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" dns-serve "$SERVER_IP" "$SERVER_IP")
  # A second DNS server the firewall cuts off: it answers nothing at all.
  in_ns "$FIREWALL" iptables -A FORWARD -p udp -d 10.77.5.2 --dport 53 -j DROP
  sleep 0.5
  capture_start "$1"
  # The last name is asked again after the silent one, so the trace goes on past its timeout: an
  # unanswered query at the very end of a trace proves nothing (see capture-ends-early).
  client dns-ask "$SERVER_IP" sql01.contoso.example missing-host.contoso.example wpad.contoso.example \
    7.0.99.10.in-addr.arpa _ldap._tcp.dc._msdcs.contoso.example \
    broken-zone.contoso.example wu2.frontend.clouddatahub.net flaky-host.contoso.example flaky-host.contoso.example \
    silent-host.contoso.example
  client dns-ask 10.77.5.2 sql02.contoso.example
  client dns-ask "$SERVER_IP" sql01.contoso.example
  capture_stop
  kill "$server"
  in_ns "$FIREWALL" iptables -F FORWARD
}

# A DNS server slower than its client: the client gives up on 'slow-host' after 0.2 s and closes
# its socket, so the answer that comes 0.5 s after the query meets ICMP port unreachable.
scenario_dns_late() {
  local server responder
  server=$(background "$SERVER" python3 "$ACTORS" dns-serve "$SERVER_IP" "$SERVER_IP")
  responder=$(background "$SERVER" python3 "$ACTORS" dns-serve "$SERVER_IP" "$SERVER_IP" --port 5355)
  sleep 0.5
  capture_start "$1"
  client dns-ask "$SERVER_IP" slow-host.contoso.example --timeout 0.2
  sleep 1
  # The same late answer from an LLMNR responder (UDP 5355): routine, since Windows stops listening
  # after the first answer or a short wait.
  client dns-ask "$SERVER_IP" slow-node --timeout 0.2 --port 5355
  sleep 1
  capture_stop
  kill "$server" "$responder"
}

# A capture stopped too early: a query the toy resolver never answers and a SYN that fw drops are
# the last things in the trace, a fraction of a second before it ends (both clients give up after
# 0.1 s, before any retry). Nothing here shows that no answer would have come.
scenario_capture_ends_early() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" dns-serve "$SERVER_IP" "$SERVER_IP")
  in_ns "$FIREWALL" iptables -A FORWARD -p tcp --dport 443 -j DROP
  sleep 0.5
  capture_start "$1"
  client dns-ask "$SERVER_IP" silent-host.contoso.example --timeout 0.1
  client connect "$SERVER_IP" 443 --timeout 0.1
  capture_stop
  kill "$server"
  in_ns "$FIREWALL" iptables -F FORWARD
}

# connect_request TARGET [HEADER]: a CONNECT for TARGET:443, with one more header line if given.
connect_request() { printf 'CONNECT %s:443 HTTP/1.1\r\nHost: %s:443\r\n%s\r\n' "$1" "$1" "${2:+$2$'\r\n'}"; }

# A runtime behind an HTTP proxy (TCP 3128 on the server; see serve-proxy in actors.py), five
# connections: the Service Bus relay refused (403, not on the allowlist); the service URL without
# credentials (407) and given up; the blob endpoint signing in on the same connection (407, then
# 200); the Data Lake endpoint given up after a 407 and granted on a new connection with
# credentials. Only the first two are failures.
scenario_proxy_connect() {
  local server signed='Proxy-Authorization: Negotiate c2hpcg==' target
  server=$(background "$SERVER" python3 "$ACTORS" serve-proxy "$SERVER_IP" 3128 --count 5)
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 3128 --send "$(connect_request contoso-relay.servicebus.windows.net)"$'\n'
  client connect "$SERVER_IP" 3128 --timeout 0.3 --send "$(connect_request wu2.frontend.clouddatahub.net)"$'\n'
  target=contosoblob.blob.core.windows.net
  client connect "$SERVER_IP" 3128 --send "$(connect_request $target)"$'\n' --then "$(connect_request $target "$signed")"$'\n'
  target=contosolake.dfs.core.windows.net
  client connect "$SERVER_IP" 3128 --timeout 0.3 --send "$(connect_request $target)"$'\n'
  client connect "$SERVER_IP" 3128 --send "$(connect_request $target "$signed")"$'\n'
  capture_stop
  await_exit "$server"
}

# tls_server NAME: a TLS server on the server's 443 with a throwaway certificate for NAME; prints its pid.
tls_server() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=$1" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
  background "$SERVER" python3 "$ACTORS" serve-tls "$SERVER_IP" 443 --cert "$WORK/cert.pem" --key "$WORK/key.pem"
}

scenario_tls_sni() {
  local server
  server=$(tls_server shir.example.net)
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 443 --sni shir.example.net --send $'GET / HTTP/1.1\r\nHost: shir.example.net\r\n\r\n'
  capture_stop
  await_exit "$server"
}

# A firewall that filters by server name: fw resets the connection when the ClientHello names the
# Service Bus relay, as FQDN rules do to a name missing from the allowlist.
scenario_sni_blocked() {
  local server
  server=$(tls_server contoso-relay.servicebus.windows.net)
  in_ns "$FIREWALL" iptables -A FORWARD -p tcp --dport 443 -m string --string servicebus.windows.net --algo bm \
    -j REJECT --reject-with tcp-reset
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 443 --sni contoso-relay.servicebus.windows.net
  capture_stop
  kill "$server"
  in_ns "$FIREWALL" iptables -F FORWARD
}

# TLS handshakes that end in an alert, made by openssl itself (each alert is its choice, not ours).
# "Contoso Inspection CA" issues the certificate the servers show, as a proxy that inspects TLS
# re-signs traffic, and a client that trusts only another CA rejects it: on 443 with TLS 1.2, on
# 9443 with TLS 1.3 (OpenSSL sends that alert before it has switched to encrypted records, so both
# are readable). On 8443 the client offers only a cipher suite the server's ECDSA key cannot use,
# so the server refuses the handshake. On 10443 (TLS 1.3) the client trusts the issuer, but the
# server demands a client certificate the client does not have: its alert is encrypted, as every
# TLS 1.3 record after the ServerHello is, and no tool can read it without the keys.
scenario_tls_alert() {
  local ca="$WORK/inspection-ca" trusted="$WORK/trusted-ca" leaf="$WORK/leaf" server
  local key
  for key in "$ca" "$trusted" "$leaf"; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$key.key" 2>/dev/null
  done
  openssl req -x509 -key "$ca.key" -days 2 -subj '/CN=Contoso Inspection CA' -out "$ca.pem"
  openssl req -x509 -key "$trusted.key" -days 2 -subj '/CN=Public Root CA' -out "$trusted.pem"
  openssl req -new -key "$leaf.key" -subj '/CN=*.frontend.clouddatahub.net' |
    openssl x509 -req -CA "$ca.pem" -CAkey "$ca.key" -days 2 -out "$leaf.pem" 2>/dev/null
  capture_start "$1"
  tls_alert_exchange 443 wu2.frontend.clouddatahub.net "$trusted.pem" -tls1_2 -- -tls1_2
  tls_alert_exchange 8443 contoso.frontend.clouddatahub.net "$ca.pem" -tls1_2 -- -tls1_2 -cipher AES128-SHA256
  tls_alert_exchange 9443 eu.frontend.clouddatahub.net "$trusted.pem" -tls1_3 -- -tls1_3
  tls_alert_exchange 10443 we.frontend.clouddatahub.net "$ca.pem" -tls1_3 -Verify 1 -- -tls1_3
  capture_stop
}

# tls_alert_exchange PORT NAME CLIENT_CA SERVER_OPTION... -- CLIENT_OPTION...: one connection
# between openssl s_server (one accept, the scenario's certificate and its issuer) and s_client
# (asking for NAME, trusting only CLIENT_CA, with nothing to send).
tls_alert_exchange() {
  local port=$1 name=$2 client_ca=$3 server
  shift 3
  local server_options=()
  while [ "$1" != -- ]; do server_options+=("$1"); shift; done
  shift
  server=$(background "$SERVER" openssl s_server -accept "$SERVER_IP:$port" -naccept 1 -quiet \
    -cert "$WORK/leaf.pem" -key "$WORK/leaf.key" -cert_chain "$WORK/inspection-ca.pem" "${server_options[@]}")
  sleep 0.5
  in_ns "$CLIENT" openssl s_client -connect "$SERVER_IP:$port" -servername "$name" -CAfile "$client_ca" \
    -verify_return_error -brief "$@" </dev/null 2>&1 | sed 's/^/    client: /' || true
  await_exit "$server"
}

# clean_then_refused ADDRESS START...: an echo server on ADDRESS:8080; then, with the captures that
# the command START... begins running, an HTTP-like exchange that ends with FINs and a refused
# connection to 1433 (several scenarios show a good and a failing conversation side by side).
clean_then_refused() {
  local address=$1 server
  shift
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$address" 8080)
  sleep 0.5
  "$@"
  client connect "$address" 8080 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  client connect "$address" 1433
  capture_stop
  await_exit "$server"
}

# Two captures of the same traffic on the "any" pseudo-interface: classic SLL and SLL2 headers.
scenario_any() { clean_then_refused "$SERVER_IP" capture_any_twice "$1" "$2"; }
capture_any_twice() {
  capture_start "$1" -iany -yLINUX_SLL
  capture_start "$2" -iany -yLINUX_SLL2
}

scenario_ipv6() { clean_then_refused "$SERVER_IP6" capture_start "$1"; }

# 802.1Q: this kernel has no 8021q module, so tc eBPF programs (scripts/fixtures/vlan_bpf.py) tag
# every frame leaving either end of the client's link with VLAN 10 and untag it on arrival.
scenario_vlan() {
  mkdir -p "$WORK/bpf"
  mount -t bpf bpf "$WORK/bpf"
  BPF_MOUNT="$WORK/bpf"
  python3 "$ROOT/scripts/fixtures/vlan_bpf.py" "$WORK/bpf" 10
  local ns dev
  for ns in "$CLIENT:eth0" "shirfx-r1:to-client"; do
    dev=${ns#*:}; ns=${ns%%:*}
    in_ns "$ns" tc qdisc add dev "$dev" clsact
    in_ns "$ns" tc filter add dev "$dev" egress bpf object-pinned "$WORK/bpf/vlan_push" direct-action
    in_ns "$ns" tc filter add dev "$dev" ingress bpf object-pinned "$WORK/bpf/vlan_pop" direct-action
  done
  clean_then_refused "$SERVER_IP" capture_start "$1"
}

# pktmon left to capture at every network component records each packet several times, a few
# microseconds apart. A bridge does the same here: with the client's addresses moved onto a bridge
# over its link, every packet passes the bridge and the link, and tcpdump on each of them, merged
# by mergecap in time order, sees it twice. The scenario rebuilds the topology afterwards, so it
# leaves nothing of the bridge behind.
scenario_duplicate_packets() {
  local server resolver k
  in_ns "$CLIENT" ip link add br0 type bridge
  in_ns "$CLIENT" ip addr flush dev eth0
  in_ns "$CLIENT" ip link set eth0 master br0
  in_ns "$CLIENT" ip addr add "$CLIENT_IP/24" dev br0
  in_ns "$CLIENT" ip addr add "$CLIENT_IP6/64" dev br0 nodad
  in_ns "$CLIENT" ip link set br0 up
  for ((k = 2; k < ${#FIXTURE_NODES[@]}; k++)); do
    in_ns "$CLIENT" ip route replace "10.77.$k.0/24" via 10.77.1.2
    in_ns "$CLIENT" ip -6 route replace "fd77:$k::/64" via fd77:1::2
  done
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$SERVER_IP" 8080)
  resolver=$(background "$SERVER" python3 "$ACTORS" dns-serve "$SERVER_IP" "$SERVER_IP")
  sleep 3 # as in start_topology: let the bridge's IPv6 multicast-listener reports pass
  capture_start "$WORK/bridge.pcap" -ibr0
  capture_start "$WORK/link.pcap" -ieth0
  client dns-ask "$SERVER_IP" missing-host.contoso.example
  client connect "$SERVER_IP" 8080 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  client connect "$SERVER_IP" 1433
  capture_stop
  mergecap -F nsecpcap -w "$1" "$WORK/bridge.pcap" "$WORK/link.pcap"
  await_exit "$server"
  kill "$resolver"
  start_topology
}

# Connections that work at the second try, which the analyzer must not call failures: the
# firewall drops the first SYN to 8080 (so the client retries after a second); 8443 refuses until
# a server starts there; and port 8081 listens on IPv4 only, so the IPv6 attempt is refused and
# the client falls back to IPv4 at once, as programs trying each address of a name do.
scenario_retry_works() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$SERVER_IP" 8080)
  in_ns "$FIREWALL" iptables -A FORWARD -p tcp --dport 8080 --syn -m statistic --mode nth --every 2 --packet 0 -j DROP
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 8080 --timeout 5 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  await_exit "$server"
  in_ns "$FIREWALL" iptables -F FORWARD
  client connect "$SERVER_IP" 8443
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$SERVER_IP" 8443)
  sleep 0.5
  client connect "$SERVER_IP" 8443 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  await_exit "$server"
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$SERVER_IP" 8081)
  sleep 0.5
  client connect "$SERVER_IP6" 8081
  client connect "$SERVER_IP" 8081 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  capture_stop
  await_exit "$server"
}

# Captures that see one direction only, as a capture point on an asymmetric route or a direction
# filter does. one-way (tcpdump -Q out): the client acknowledges answers the trace never shows,
# and a connection to a closed port is a lone SYN, its RST unseen and never retried. one-way-in
# (-Q in, the same traffic): the server's SYN-ACKs and data, the client never heard.
scenario_one_way() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-echo "$SERVER_IP" 8080 --count 2)
  sleep 0.5
  capture_start "$1" -ieth0 -Q out
  capture_start "$2" -ieth0 -Q in
  client connect "$SERVER_IP" 8080 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  client connect "$SERVER_IP" 1433
  sleep 5
  client connect "$SERVER_IP" 8080 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'
  capture_stop
  await_exit "$server"
}

# A server that closes first (FIN) and then gets more from the client, which its kernel answers
# with a RST: the end of many TLS sessions, where the client's closing alert arrives after the
# server has gone.
scenario_reset_after_close() {
  local server
  server=$(background "$SERVER" python3 "$ACTORS" serve-close-late "$SERVER_IP" 8080)
  sleep 0.5
  capture_start "$1"
  client connect "$SERVER_IP" 8080 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n' --after-close 'bye'
  capture_stop
  await_exit "$server"
}

# Connections that end with a RST after a handshake or a silence, each told by what came before it.
# keep_then_reset FILE SERVER_OPTIONS CLIENT_OPTION...: serve-keep on 8080 (see actors.py) with
# SERVER_OPTIONS (words), and one client connection to it.
keep_then_reset() {
  local file=$1 server_options=$2 server
  shift 2
  # shellcheck disable=SC2086 # the server's options are plain words
  server=$(background "$SERVER" python3 "$ACTORS" serve-keep "$SERVER_IP" 8080 $server_options)
  sleep 0.5
  capture_start "$file"
  client connect "$SERVER_IP" 8080 "$@"
  capture_stop
  await_exit "$server"
}

# A port check: the client connects and closes at once with SO_LINGER 0, no data either way.
scenario_port_check() { keep_then_reset "$1" '' --abort; }

# An idle connection dropped: the server answers and keeps the connection; the client sits idle
# 1.5 s and closes with SO_LINGER 0.
scenario_idle_drop() { keep_then_reset "$1" --answer --abort --idle 1.5 --send $'GET /health HTTP/1.1\r\nHost: shir-node\r\n\r\n'; }

# A request never answered: the server reads it (its kernel acknowledges it) and says nothing; the
# client gives up after 1.5 s and closes with SO_LINGER 0 (request-timeout), or the server resets
# after 1.5 s while the client still waits (request-timeout-server).
scenario_request_timeout() { keep_then_reset "$1" '' --abort --timeout 1.5 --send $'GET /report HTTP/1.1\r\nHost: shir-node\r\n\r\n'; }
scenario_request_timeout_server() { keep_then_reset "$1" '--reset-after 1.5' --send $'GET /report HTTP/1.1\r\nHost: shir-node\r\n\r\n'; }

# A path MTU black hole: the link between r4 and r5 carries at most 1300-byte packets, and fw drops
# the ICMP "fragmentation needed" r4 sends back, so the client never learns to send smaller ones.
# The handshake, an upload's request head and the server's 100 Continue are small and pass; the
# body, three full-size segments, never arrives. The client sends it again and again until it gives
# up (3.5 s socket timeout) and resets. Captured at both ends: the sender's view (mtu-blackhole) and
# the receiver's (mtu-blackhole-server), which sees only a request head followed by silence.
# gso_max_segs 1 makes the client's kernel build each segment itself, as the wire carries it,
# instead of handing tcpdump one large block to be cut up further down.
scenario_mtu_blackhole() {
  local server
  in_ns shirfx-r4 ip link set to-r5 mtu 1300
  in_ns shirfx-r5 ip link set to-r4 mtu 1300
  in_ns "$FIREWALL" iptables -A FORWARD -p icmp --icmp-type fragmentation-needed -j DROP
  in_ns "$CLIENT" ip link set eth0 gso_max_segs 1
  server=$(background "$SERVER" python3 "$ACTORS" serve-upload "$SERVER_IP" 8080)
  sleep 0.5
  capture_start "$1"
  capture_start_in "$SERVER" "$2"
  client connect "$SERVER_IP" 8080 --abort --timeout 3.5 \
    --send $'PUT /upload/part-0001 HTTP/1.1\r\nHost: shir-node\r\nContent-Length: 4344\r\nExpect: 100-continue\r\n\r\n' \
    --then "$(printf '%04344d' 0)"
  capture_stop
  await_exit "$server"
  in_ns "$CLIENT" ip link set eth0 gso_max_segs 65535
  in_ns "$FIREWALL" iptables -F FORWARD
  in_ns shirfx-r4 ip link set to-r5 mtu 1500
  in_ns shirfx-r5 ip link set to-r4 mtu 1500
}

scenario_node_8060() {
  capture_start "$1"
  client connect "$SERVER_IP" 8060
  capture_stop
}

# convert FOLDER: every format variant of $OUT/FOLDER/NAME.ns.pcap (the nanosecond original), NAME
# being the folder's last part.
convert() {
  local base="$OUT/$1/${1##*/}"
  editcap -F pcap "$base.ns.pcap" "$base.pcap"
  editcap -F pcapng "$base.ns.pcap" "$base.pcapng"
  # NetMon writes only link types it has a media type for (not SLL); skip what editcap refuses.
  if editcap -F netmon2 "$base.ns.pcap" "$base.cap" 2>/dev/null; then
    editcap -F netmon1 "$base.ns.pcap" "$base.nm1.cap"
    local minor
    for minor in 1 2 3; do
      python3 "$ROOT/scripts/fixtures/netmon_versions.py" "$base.cap" "$base.ns.pcap" "$minor" "$base.nm2$minor.cap"
    done
  else
    rm -f "$base.cap"
  fi
}

# write_expected [DIR]: the *.expected.json of every capture under DIR (default: all fixtures).
write_expected() {
  find "${1:-$OUT}" -name '*.cap' -o -name '*.pcap' -o -name '*.pcapng' -o -name '*.snoop' -o -name '*.gz' | sort | while read -r file; do
    python3 "$ROOT/scripts/fixtures/expected.py" "$file" >"$file.expected.json"
  done
}

# --expected-only: keep the captures, rewrite only the *.expected.json files (no root needed).
if [ "${1:-}" = --expected-only ]; then
  write_expected
  exit 0
fi

# The fixture folders a scenario fills: "any", "one-way" and "mtu-blackhole" capture two at once (the
# last at both ends, the server's capture in a folder inside the client's), every other one its own.
folders_of() {
  case "$1" in
    any) echo any-sll any-sll2 ;;
    one-way) echo one-way one-way-in ;;
    mtu-blackhole) echo mtu-blackhole mtu-blackhole/mtu-blackhole-server ;;
    *) echo "$1" ;;
  esac
}

# run_scenarios NAME...: each scenario's nanosecond captures into fresh fixture folders.
run_scenarios() {
  local name folder captures
  for name in "$@"; do
    echo "scenario $name"
    captures=()
    for folder in $(folders_of "$name"); do
      rm -rf "${OUT:?}/$folder"
      mkdir -p "$OUT/$folder"
      captures+=("$OUT/$folder/${folder##*/}.ns.pcap")
    done
    "scenario_${name//-/_}" "${captures[@]}"
  done
}

start_topology() {
  topology_up
  sleep 3 # let IPv6 multicast-listener reports from link setup pass before capturing
  warm_paths
}

# --only NAME...: remake just these scenarios and their files, leaving the rest as they are (a full
# run rewrites every fixture, and every test's expected values with it).
if [ "${1:-}" = --only ]; then
  shift
  start_topology
  run_scenarios "$@"
  topology_down
  for folder in $(for name in "$@"; do folders_of "$name"; done); do
    convert "$folder"
    write_expected "$OUT/$folder"
  done
  exit 0
fi

rm -rf "$OUT"/*/
mkdir -p "$OUT"
start_topology
run_scenarios refused syn-timeout middlebox-reset clean reset-on-close reset-crossing-fin dns dns-late capture-ends-early proxy-connect tls-sni tls-alert ipv6 node-8060 sni-blocked any vlan duplicate-packets retry-works one-way reset-after-close \
  port-check idle-drop request-timeout request-timeout-server mtu-blackhole
topology_down

for dir in "$OUT"/*/; do convert "$(basename "$dir")"; done
convert mtu-blackhole/mtu-blackhole-server

# A NetMon chained set as NetMon itself names one (.chn): name.cap, name(1).cap, name(2).cap.
mkdir -p "$OUT/chained"
editcap -F netmon2 -c 4 "$OUT/clean/clean.ns.pcap" "$WORK/part.cap"
index=0
for part in $(ls "$WORK"/part_*.cap | sort); do
  if ((index == 0)); then target="$OUT/chained/clean.cap"; else target="$OUT/chained/clean($index).cap"; fi
  mv "$part" "$target"
  index=$((index + 1))
done

# gzip-compressed pcapng (tshark and Wireshark read these transparently).
gzip -9 -n -c "$OUT/tls-sni/tls-sni.pcapng" >"$OUT/tls-sni/tls-sni.pcapng.gz"

# Sun snoop (microseconds, Ethernet only): one scenario carries the snoop reader through the analysis.
editcap -F snoop "$OUT/middlebox-reset/middlebox-reset.ns.pcap" "$OUT/middlebox-reset/middlebox-reset.snoop"

write_expected
du -sh "$OUT"
