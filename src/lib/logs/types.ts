/**
 * Types of the log analyzer: the known-issue catalog entries (data under src/content/known-issues)
 * and the LogReport that the UI, the worker, the CLI's --json and the tests all read. Field names in
 * ../shared/DESIGN.md's `log --json` contract are required and stable; the rest may grow.
 */

/** The fixed category list of DESIGN.md; a catalog entry outside it fails schema validation. */
export const ISSUE_CATEGORIES = [
  'dns-resolution',
  'connection-refused',
  'connection-timeout',
  'connection-reset',
  'tls-certificate',
  'tls-protocol',
  'proxy',
  'proxy-auth',
  'firewall-blocked',
  'node-communication',
  'cloud-service-unreachable',
  'auth-key-invalid',
  'credential-invalid',
  'certificate-expired',
  'service-not-running',
  'driver-missing',
  'java-runtime',
  'out-of-memory',
  'disk-full',
  'version-upgrade',
  'time-skew',
  'permission-denied',
  'timeout-query',
  'other',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const SHELLS = ['powershell', 'cmd', 'sh'] as const;
export type Shell = (typeof SHELLS)[number];

/** Values a command template may ask for; `{name}` in a template is replaced, quoted per shell.
 *  `account` is an Azure Storage account name, read off a storage host ("contoso.blob.core.windows.net");
 *  `assembly` is a .NET assembly name as a load error quotes it ("System.ValueTuple"). */
export const PLACEHOLDERS = ['host', 'port', 'url', 'ip', 'proxy', 'account', 'assembly'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}
/** `{name}` or `{name=default}` in a template; the renderer quotes the value for the shell. A default
 *  holding a gap such as `<region>` is a shape the reader completes, never run as it stands. */
export const PLACEHOLDER_PATTERN = /\{([a-z]+)(?:=([^{}\s]{1,64}))?\}/g;

export interface SymptomPattern {
  /** JavaScript regular expression source, matched case-insensitively. Named groups
   *  (?<host>) (?<port>) (?<url>) (?<ip>) (?<proxy>) carry values into command templates. */
  pattern: string;
  /** How strongly this text points at the entry rather than at a neighbour (default 1). */
  weight?: number;
}

export interface CommandTemplate {
  /** What running it tells you, one short sentence. */
  purpose: string;
  /** The purpose of a check of the factory's service URL when the text names a storage endpoint instead,
   *  which is then the URL it requests: a storage timeout says nothing about the service. */
  storagePurpose?: string;
  /** The command looks {host} up in DNS, which tells nothing when the host is an IP address: it is then left out. */
  looksUpHost?: boolean;
  powershell?: string;
  cmd?: string;
  sh?: string;
}

/** A catalog entry's pointer to a command of the shared library (src/lib/logs/shared-commands.ts),
 *  with the entry's own defaults for values the text may not give: `{ "use": "tcp-connect", "defaults": { "port": "8060" } }`. */
export interface CommandReference {
  use: string;
  /** The entry's own wording of what the check tells, when the shared one is too general for its case. */
  purpose?: string;
  defaults?: Partial<Record<Placeholder, string>>;
}

/** One known issue as the page and the analyzer read it: shared commands already resolved. */
export interface CatalogEntry {
  id: string;
  title: string;
  category: IssueCategory;
  /** Real error texts as a user sees them (shown on the catalog page). */
  symptoms: string[];
  patterns: SymptomPattern[];
  cause: string;
  /** Guide step paths from GUIDE_STEPS, most relevant first. */
  steps: string[];
  commands: CommandTemplate[];
  /** Texts that must match this entry (and rank it first). */
  examples: string[];
  /** Look-alike texts that must not match it. */
  negatives: string[];
  /** Ids of entries this one rules out: its evidence shows their cause did not happen in the same
   *  attempt (a SQL login failure proves the server was reached), so when both match they are dropped. */
  rulesOut?: string[];
  /** A transport symptom any client reports (a reset, a timeout, a refusal): it says how an error
   *  surfaced, not which product or step failed, so it ranks after a specific entry found in the same error. */
  generic?: boolean;
}

/** One known issue as stored in src/content/known-issues/<id>.json: a command is written inline or names a shared one. */
export type CatalogEntrySource = Omit<CatalogEntry, 'commands'> & { commands: Array<CommandTemplate | CommandReference> };

/** A [start, end) character range in the text given to analyzeLog. */
export interface TextSpan {
  start: number;
  end: number;
}

export interface Evidence extends TextSpan {
  /** The matched text as the analyzer read it: JSON unescaped, wrapped console lines joined. */
  text: string;
}

export interface IssueMatch {
  id: string;
  category: IssueCategory;
  title: string;
  /** First guide step of the entry. */
  step: string;
  /** All of the entry's guide steps, in order. */
  steps: string[];
  /** Anchor of the entry on the catalog page. */
  link: string;
  cause: string;
  score: number;
  evidence: Evidence[];
}

export interface SocketErrorInfo {
  code: number;
  name: string;
  meaning: string;
}

export interface CodeFinding extends TextSpan {
  kind: 'socket' | 'http' | 'sql' | 'hresult' | 'adf';
  /** As written: "10061", "407", "18456", "0x80131904", "SqlFailedToConnect". */
  value: string;
  name?: string;
  meaning?: string;
}

export interface ExceptionFinding extends TextSpan {
  /** Full type name as written, e.g. "System.Net.Sockets.SocketException". */
  type: string;
  /** Message that follows the type, when the text carries one. */
  message?: string;
  /** 0 for the outermost exception, 1 for its inner exception, and so on. */
  depth: number;
}

export interface IdFinding extends TextSpan {
  value: string;
  /** Label written before it, e.g. "Activity ID", "Report ID", "RunId"; empty when unlabelled. */
  label: string;
}

export interface EventRecord extends TextSpan {
  logName?: string;
  source?: string;
  date?: string;
  eventId?: string;
  level?: string;
  computer?: string;
  description?: string;
}

export interface ActivityError {
  errorCode?: string;
  failureType?: string;
  message?: string;
  target?: string;
}

export interface Entities {
  hosts: string[];
  ips: string[];
  ports: number[];
  urls: string[];
  /** Every code found (socket, HTTP, SQL, HRESULT, ADF error code), values as written. */
  codes: string[];
  exceptions: string[];
}

export interface CommandSuggestion {
  shell: Shell;
  text: string;
  purpose: string;
  /** Catalog entry that proposed it; absent for the generic next steps. */
  issueId?: string;
  /** Gaps the text could not fill, written as <name> in `text` (a placeholder such as "host", or a part
   *  of a default such as "region"): replace them before running. */
  missing?: string[];
  /** Values the text did not give, taken from the catalog's default (port 8060, localhost). */
  assumed?: Array<{ name: Placeholder; value: string }>;
  /** The command tests `didYouMean` where the text wrote the misspelled `host`. */
  respelled?: { host: string; didYouMean: string };
}

export interface LogReport {
  matches: IssueMatch[];
  entities: Entities;
  commands: CommandSuggestion[];
  /** One line for the reader: what was recognised, or that nothing in the catalog matched. */
  summary: string;
  /** What the input looked like: any of json (activity error JSON), activity-dialog (the monitoring
   *  UI's error dialog copied as text), dotnet, event-log, shir-trace; plain when none. */
  inputKinds: string[];
  /** Characters analysed; longer inputs are cut at the limit and `truncated` is true. */
  analysedChars: number;
  truncated: boolean;
  socketErrors: Array<SocketErrorInfo & TextSpan>;
  httpStatus: CodeFinding[];
  sqlErrors: CodeFinding[];
  hresults: CodeFinding[];
  errorCodes: CodeFinding[];
  exceptionChain: ExceptionFinding[];
  ids: IdFinding[];
  timestamps: Array<TextSpan & { value: string }>;
  /** Proxies the text names, as scheme://host:port. */
  proxies: string[];
  /** Hosts one typo away from a runtime service domain ("cloudatahub.net"), with the likely spelling. */
  misspelledHosts: Array<{ host: string; didYouMean: string }>;
  events: EventRecord[];
  activityError: ActivityError | null;
  /** Every span worth highlighting, sorted by start, with what it is. */
  highlights: Array<TextSpan & { kind: string }>;
}
