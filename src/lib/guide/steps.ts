/**
 * Every guide step that code links to (analyzer findings, catalog entries, widgets). The guide's
 * MDX pages declare these same ids with <Step id="...">; a test over the built site checks that
 * each path resolves to an element with that id, so a renamed step fails the build, not a user.
 *
 * Ids are chosen once and never derived from wording: support engineers paste them into tickets.
 */
export const GUIDE_STEPS = {
  // /start/triage/
  triageErrorText: '/start/triage/#triage-error-text',
  triageNodeState: '/start/triage/#triage-node-state',
  triageWhereFails: '/start/triage/#triage-where-fails',
  // /start/gather-logs/
  logsOpenActivityRun: '/start/gather-logs/#logs-open-activity-run',
  logsSendLogs: '/start/gather-logs/#logs-send-logs',
  logsChooseScope: '/start/gather-logs/#logs-choose-scope',
  logsReportId: '/start/gather-logs/#logs-report-id',
  logsAllNodesOnline: '/start/gather-logs/#logs-all-nodes-online',
  logsLocalEventLog: '/start/gather-logs/#logs-local-event-log',
  // /symptoms/cloud-service/
  cloudServiceRunning: '/symptoms/cloud-service/#cloud-service-running',
  cloudFindServiceUrl: '/symptoms/cloud-service/#cloud-find-service-url',
  cloudTestNoProxy: '/symptoms/cloud-service/#cloud-test-no-proxy',
  cloudDnsNotResolved: '/symptoms/cloud-service/#cloud-dns-not-resolved',
  cloudCertNotTrusted: '/symptoms/cloud-service/#cloud-cert-not-trusted',
  cloudTlsProtocol: '/symptoms/cloud-service/#cloud-tls-protocol',
  cloudEventLog: '/symptoms/cloud-service/#cloud-event-log',
  cloudTestThroughProxy: '/symptoms/cloud-service/#cloud-test-through-proxy',
  cloudProxyAllowlist: '/symptoms/cloud-service/#cloud-proxy-allowlist',
  cloudProxyCertTrust: '/symptoms/cloud-service/#cloud-proxy-cert-trust',
  cloudProxyAdAuth: '/symptoms/cloud-service/#cloud-proxy-ad-auth',
  // /symptoms/node-inactive/
  nodeEventLog: '/symptoms/node-inactive/#node-event-log',
  node8060Refused: '/symptoms/node-inactive/#node-8060-refused',
  nodeTestPort8060: '/symptoms/node-inactive/#node-test-port-8060',
  nodeDnsNoEntries: '/symptoms/node-inactive/#node-dns-no-entries',
  nodeFixDomainOrHosts: '/symptoms/node-inactive/#node-fix-domain-or-hosts',
  // /symptoms/connection-reset/
  resetMessages: '/symptoms/connection-reset/#reset-messages',
  resetCaptureTrace: '/symptoms/connection-reset/#reset-capture-trace',
  resetFindRst: '/symptoms/connection-reset/#reset-find-rst',
  resetFollowConversation: '/symptoms/connection-reset/#reset-follow-conversation',
  resetReadTtl: '/symptoms/connection-reset/#reset-read-ttl',
  resetMtuBlackHole: '/symptoms/connection-reset/#reset-mtu-black-hole',
  resetAskNetworkTeam: '/symptoms/connection-reset/#reset-ask-network-team',
  // /traces/collect/
  collectIpNetstat: '/traces/collect/#collect-ip-netstat',
  collectNetmonInstall: '/traces/collect/#collect-netmon-install',
  collectNmcapRoundRobin: '/traces/collect/#collect-nmcap-round-robin',
  collectNmcapChained: '/traces/collect/#collect-nmcap-chained',
  collectNmcapScheduled: '/traces/collect/#collect-nmcap-scheduled',
  collectStop: '/traces/collect/#collect-stop',
  collectPktmon: '/traces/collect/#collect-pktmon',
  collectNetshTrace: '/traces/collect/#collect-netsh-trace',
  collectWireshark: '/traces/collect/#collect-wireshark',
  collectConvertEtl: '/traces/collect/#collect-convert-etl',
  collectBothEnds: '/traces/collect/#collect-both-ends',
  // /traces/read/
  readAnalyzer: '/traces/read/#read-analyzer',
  readFilterAddress: '/traces/read/#read-filter-address',
  readHandshake: '/traces/read/#read-handshake',
  readClose: '/traces/read/#read-close',
  readSynRetransmit: '/traces/read/#read-syn-retransmit',
  readRefused: '/traces/read/#read-refused',
  readReset: '/traces/read/#read-reset',
  readTtlHops: '/traces/read/#read-ttl-hops',
  readTtlExample: '/traces/read/#read-ttl-example',
  readDns: '/traces/read/#read-dns',
  readTls: '/traces/read/#read-tls',
  readIcmp: '/traces/read/#read-icmp',
  readAskNetworkTeam: '/traces/read/#read-ask-network-team',
  // /reference/next-steps/
  helpResources: '/reference/next-steps/#help-resources',
  helpOpenCase: '/reference/next-steps/#help-open-case',
} as const;

export type GuideStepKey = keyof typeof GUIDE_STEPS;
export type GuideStepPath = (typeof GUIDE_STEPS)[GuideStepKey];

/** Known-issue catalog entries are anchored on the catalog page as "issue-<id>". */
export const KNOWN_ISSUES_PAGE = '/reference/known-issues/';
export function knownIssueLink(id: string): string {
  return `${KNOWN_ISSUES_PAGE}#issue-${id}`;
}
