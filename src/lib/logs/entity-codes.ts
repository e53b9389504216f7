/**
 * Codes in an error text: socket errors (by number after a word that announces one, by WSA name, or
 * by the Windows message alone), HTTP statuses, SQL Server error numbers, HRESULTs and the factory's
 * own error codes. Each number is read only in a context that names its kind: logs are full of
 * counts and sizes that happen to look like codes.
 */
import { HRESULTS, HTTP_REASONS, SOCKET_ERRORS, SQL_ERRORS } from './code-tables';
import { groupStart, scan, spanOf, type RawEntities } from './entity-scan';
import type { CodeFinding } from './types';
import type { TextView } from './text';

const SOCKET_CODE = /(?<![\w:.,=/-])(1[01]0\d\d)(?![\w:]|\.\d)/g;
const SOCKET_CODE_CONTEXT = /(?:code|error|errno|socketexception \(|number=|status)[^\n\d]{0,12}$/i;
const SOCKET_NAME = /\b(WSAE[A-Z]{4,16}|WSAHOST_NOT_FOUND|WSATRY_AGAIN|WSANO_RECOVERY|WSANO_DATA)\b/g;
const HTTP_CONTEXTS: RegExp[] = [
  // .NET's WebException form "(407) Proxy Authentication Required"; error statuses only, since
  // "(150) Records" is not a status.
  /\(([45]\d\d)\)\s{0,2}[A-Z][a-z]/g,
  /\bstatus(?:\s?code)?"?\s{0,3}[:=]?\s{0,3}'?(\d{3})\b/gi,
  /\bHTTP\/\d(?:\.\d)?\s{1,3}(\d{3})\b/g,
  /\b(\d{3})\s{0,2}\((?:Bad Request|Unauthorized|Forbidden|Not Found|Proxy Authentication Required|Request Timeout|Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\)/gi,
  /\bHttpStatusCode\s{0,3}[:=]?\s{0,3}(\d{3})\b/gi,
];
/** .NET prints an HttpStatusCode by its enum name: "failed with status code Unauthorized". */
const HTTP_STATUS_NAME = /\bstatus code\s{0,3}[:=]?\s{0,3}'?([A-Za-z]{5,40})\b/gi;
const HTTP_STATUS_BY_NAME = new Map(Object.entries(HTTP_REASONS).map(([code, reason]) => [reason.replace(/ /g, '').toLowerCase(), Number(code)]));

const SQL_CONTEXTS: RegExp[] = [
  /\bSqlErrorNumber\s{0,2}=\s{0,2}(-?\d{1,6})\b/gi,
  /[{,\s]Number\s{0,2}=\s{0,2}(-?\d{1,6})\b/g,
  /\berror:\s{0,3}(\d{1,6})\s{0,3}-\s/gi,
  /\bError Number\s{0,2}:\s{0,2}(-?\d{1,6})\b/gi,
  /\bMsg\s(\d{1,6}),\s{0,2}Level\b/g,
  // SSMS's connection dialog: "(Microsoft SQL Server, Error: 2)".
  /\(Microsoft SQL Server, Error: (\d{1,6})\)/g,
  /\bSQL (?:error|exception) (?:code|number)\s{0,3}[:=]?\s{0,3}(-?\d{1,6})\b/gi,
];
const HRESULT_HEX = /\b0x([89a-f][0-9a-f]{7})\b/gi;
const HRESULT_DECIMAL = /\b(?:ErrorCode|HResult|HRESULT|NativeErrorCode|exitCode)\s{0,2}[=:]\s{0,2}(-2\d{9})\b/gi;
/** The monitoring UI's numeric codes: "Error code: 21206", and the activity JSON's "errorCode": "2200". */
const ADF_NUMBER = /\b(?:Error ?code"?\s{0,2}:\s{0,2}"?)(\d{4,5})\b(?!\.\d)/gi;
/** "ErrorCode=SqlFailedToConnect", the guides' "Error Code = UserErrorFailedBlobFSOperation", and the
 *  Test Connection's "Error code: SftpAuthenticationFailure", and the runtime's own "the error code is: UnexpectedFault". */
const ADF_CODE = /\b(?:Error ?[Cc]ode\s{0,2}[=:]|error code is:?)\s{0,2}"?([A-Za-z][A-Za-z0-9]{2,80})\b/g;

function pushCode(view: TextView, entities: RawEntities, start: number, value: string, finding: Omit<CodeFinding, 'start' | 'end' | 'value'>): void {
  entities.codes.push({ ...spanOf(view, start, start + value.length), value, ...finding });
}

export function extractCodes(view: TextView, entities: RawEntities): void {
  const text = view.text;
  for (const match of scan(view, SOCKET_CODE)) {
    const code = Number(match[1]);
    const definition = SOCKET_ERRORS[code];
    // Only numbers the table knows, and only after words that announce an error code: activity
    // output is full of counts ("rowsCopied": 10054) that happen to be socket codes.
    if (!definition || !SOCKET_CODE_CONTEXT.test(text.slice(Math.max(0, match.index - 24), match.index))) continue;
    pushCode(view, entities, match.index, match[1], { kind: 'socket', name: definition.name, meaning: definition.meaning });
  }
  for (const match of scan(view, SOCKET_NAME)) {
    const entry = Object.entries(SOCKET_ERRORS).find(([, definition]) => definition.name === match[1]);
    if (entry) entities.codes.push({ ...spanOf(view, match.index, match.index + match[1].length), kind: 'socket', value: entry[0], name: entry[1].name, meaning: entry[1].meaning });
  }
  // The Windows message alone identifies the code when the number was dropped.
  const lower = text.toLowerCase();
  for (const [code, definition] of Object.entries(SOCKET_ERRORS)) {
    const at = lower.indexOf(definition.message.toLowerCase());
    if (at === -1) continue;
    entities.codes.push({ ...spanOf(view, at, at + definition.message.length), kind: 'socket', value: code, name: definition.name, meaning: definition.meaning });
  }
  for (const pattern of HTTP_CONTEXTS) {
    for (const match of scan(view, pattern)) {
      const status = Number(match[1]);
      if (status < 100 || status > 599) continue;
      pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'http', name: HTTP_REASONS[status] });
    }
  }
  for (const match of scan(view, HTTP_STATUS_NAME)) {
    const status = HTTP_STATUS_BY_NAME.get(match[1].toLowerCase());
    if (status === undefined) continue;
    const start = groupStart(match, 1);
    entities.codes.push({ ...spanOf(view, start, start + match[1].length), kind: 'http', value: String(status), name: HTTP_REASONS[status] });
  }
  for (const pattern of SQL_CONTEXTS) {
    for (const match of scan(view, pattern)) {
      const number = Number(match[1]);
      // "error: 0 -" is the provider's placeholder number, not a SQL Server error.
      if (number === 0) continue;
      pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'sql', meaning: SQL_ERRORS[number] });
    }
  }
  for (const match of scan(view, HRESULT_HEX)) {
    const normalised = `0x${match[1].toUpperCase()}`;
    const definition = HRESULTS[normalised];
    pushCode(view, entities, match.index, match[0], { kind: 'hresult', name: definition?.name ?? normalised, meaning: definition?.meaning });
  }
  for (const match of scan(view, HRESULT_DECIMAL)) {
    const normalised = `0x${(Number(match[1]) >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
    const definition = HRESULTS[normalised];
    pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'hresult', name: definition?.name ?? normalised, meaning: definition?.meaning ?? `HRESULT ${normalised}` });
  }
  for (const match of scan(view, ADF_CODE)) {
    pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'adf' });
  }
  for (const match of scan(view, ADF_NUMBER)) {
    // Socket codes share the 10000-11999 range and are read above.
    if (SOCKET_ERRORS[Number(match[1])]) continue;
    pushCode(view, entities, groupStart(match, 1), match[1], { kind: 'adf' });
  }
}
