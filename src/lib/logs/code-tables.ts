/**
 * What the numbers in Windows, HTTP and SQL Server errors mean. The `message` columns are the
 * system's own wording (so we can recognise a code from its text when the number is missing);
 * `meaning` is ours, written for someone deciding what to check next.
 */

export interface SocketErrorDefinition {
  name: string;
  message: string;
  meaning: string;
}

export const SOCKET_ERRORS: Record<number, SocketErrorDefinition> = {
  10004: { name: 'WSAEINTR', message: 'A blocking operation was interrupted', meaning: 'The call was cancelled locally before it finished.' },
  10013: { name: 'WSAEACCES', message: 'An attempt was made to access a socket in a way forbidden by its access permissions', meaning: 'Local policy (a host firewall, an endpoint product or an exclusive port) forbade the socket.' },
  10022: { name: 'WSAEINVAL', message: 'An invalid argument was supplied', meaning: 'The program passed a bad socket argument.' },
  10024: { name: 'WSAEMFILE', message: 'Too many open sockets', meaning: 'The process ran out of socket handles.' },
  10048: { name: 'WSAEADDRINUSE', message: 'Only one usage of each socket address (protocol/network address/port) is normally permitted', meaning: 'Another process already listens on that local port (or the ephemeral ports are exhausted).' },
  10049: { name: 'WSAEADDRNOTAVAIL', message: 'The requested address is not valid in its context', meaning: 'The local address does not exist on this machine, or the target address is unusable (such as 0.0.0.0).' },
  10050: { name: 'WSAENETDOWN', message: 'A socket operation encountered a dead network', meaning: 'The local network interface or stack is down.' },
  10051: { name: 'WSAENETUNREACH', message: 'A socket operation was attempted to an unreachable network', meaning: 'No route to that network from this machine: check routes, VPN and default gateway.' },
  10052: { name: 'WSAENETRESET', message: 'The connection has been broken due to keep-alive activity detecting a failure', meaning: 'Keep-alive probes found the path dead while the connection was idle.' },
  10053: { name: 'WSAECONNABORTED', message: 'An established connection was aborted by the software in your host machine', meaning: 'Something on this machine (a timeout, a local firewall or antivirus) closed the connection.' },
  10054: { name: 'WSAECONNRESET', message: 'An existing connection was forcibly closed by the remote host', meaning: 'A TCP reset arrived: from the server, or from a firewall or proxy on the path. A trace tells which.' },
  10055: { name: 'WSAENOBUFS', message: 'An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full', meaning: 'The machine ran out of socket buffers or ephemeral ports.' },
  10057: { name: 'WSAENOTCONN', message: 'A request to send or receive data was disallowed because the socket is not connected', meaning: 'The program used a connection that was already gone.' },
  10058: { name: 'WSAESHUTDOWN', message: 'A request to send or receive data was disallowed because the socket had already been shut down', meaning: 'The program used a connection after closing it.' },
  10060: { name: 'WSAETIMEDOUT', message: 'A connection attempt failed because the connected party did not properly respond after a period of time', meaning: 'No answer at all: packets were dropped on the way (firewall, routing) or the host is down.' },
  10061: { name: 'WSAECONNREFUSED', message: 'No connection could be made because the target machine actively refused it', meaning: 'The host answered with a reset: nothing listens on that port, or a firewall rejects it.' },
  10064: { name: 'WSAEHOSTDOWN', message: 'A socket operation failed because the destination host was down', meaning: 'The destination host did not respond at all.' },
  10065: { name: 'WSAEHOSTUNREACH', message: 'A socket operation was attempted to an unreachable host', meaning: 'A router reported there is no way to that host.' },
  10091: { name: 'WSASYSNOTREADY', message: 'the underlying network subsystem is not ready', meaning: 'The Windows network stack is not ready; restart or repair it.' },
  10093: { name: 'WSANOTINITIALISED', message: 'Either the application has not called WSAStartup, or WSAStartup failed', meaning: 'The program used sockets before initialising them.' },
  11001: { name: 'WSAHOST_NOT_FOUND', message: 'No such host is known', meaning: 'DNS has no record for that name (typo, wrong DNS server, missing private zone).' },
  11002: { name: 'WSATRY_AGAIN', message: 'This is usually a temporary error during hostname resolution', meaning: 'The DNS server did not answer in time; retry, then check the DNS servers.' },
  11003: { name: 'WSANO_RECOVERY', message: 'A non-recoverable error occurred during a database lookup', meaning: 'Name resolution failed hard, often for localhost or a broken hosts file.' },
  11004: { name: 'WSANO_DATA', message: 'The requested name is valid, but no data of the requested type was found', meaning: 'The name exists but has no address record of the needed kind (for example no A record).' },
};

export const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const SQL_ERRORS: Record<number, string> = {
  [-2]: 'Client-side timeout: the query or the login took longer than the command timeout.',
  2: 'Named Pipes: the server was not found or the pipe does not exist.',
  26: 'The named instance was not located: SQL Browser (UDP 1434) did not answer.',
  40: 'Could not open a connection to SQL Server (network path, port or protocol).',
  53: 'The network path was not found: the name does not resolve or the host is unreachable.',
  121: 'The semaphore timeout expired: the network dropped the session.',
  233: 'The server closed the connection during login (often TLS or protocol mismatch).',
  258: 'A wait operation timed out during connect or login.',
  4060: 'The database in the connection string cannot be opened for this login.',
  10053: 'The connection was aborted on the client machine.',
  10054: 'The connection was reset by the server or a device on the path.',
  10060: 'The connection attempt timed out: the server or port did not answer.',
  10061: 'The server refused the connection: SQL Server is not listening on that port.',
  18452: 'The login is from an untrusted domain and cannot be used with Windows authentication.',
  18456: 'Login failed: wrong user name or password, or the login lacks access.',
  18470: 'Login failed: the account is disabled.',
  18487: 'Login failed: the password has expired.',
  18488: 'Login failed: the password must be changed.',
  40532: 'Cannot open the server requested by the login (Azure SQL: wrong server in user@server).',
  40613: 'The Azure SQL database is not currently available.',
  40615: 'The Azure SQL server firewall does not allow the client IP address.',
  47073: 'Public network access to the Azure SQL server is denied.',
};

export interface HresultDefinition {
  name: string;
  meaning: string;
}

export const HRESULTS: Record<string, HresultDefinition> = {
  '0x80004005': { name: 'E_FAIL', meaning: 'Unspecified failure; read the message next to it.' },
  '0x80010002': { name: 'RPC_E_CALL_CANCELED', meaning: 'A COM call was given up while it waited on a busy or unresponsive component; retry, then restart that component.' },
  '0x80070002': { name: 'ERROR_FILE_NOT_FOUND', meaning: 'A file the program needs is missing.' },
  '0x80070005': { name: 'E_ACCESSDENIED', meaning: 'Access denied: the account lacks a permission.' },
  '0x8007000E': { name: 'E_OUTOFMEMORY', meaning: 'The process could not allocate memory.' },
  '0x80070057': { name: 'E_INVALIDARG', meaning: 'An argument was invalid.' },
  '0x80070070': { name: 'ERROR_DISK_FULL', meaning: 'There is not enough space on the disk.' },
  '0x8007007E': { name: 'ERROR_MOD_NOT_FOUND', meaning: 'A DLL could not be loaded (for example jvm.dll or a driver).' },
  '0x8007041D': { name: 'ERROR_SERVICE_REQUEST_TIMEOUT', meaning: 'The service did not respond to the start or control request in time.' },
  '0x80070422': { name: 'ERROR_SERVICE_DISABLED', meaning: 'The service is disabled.' },
  '0x8007052E': { name: 'ERROR_LOGON_FAILURE', meaning: 'Unknown user name or bad password.' },
  '0x80070569': { name: 'ERROR_LOGON_TYPE_NOT_GRANTED', meaning: 'The account lacks the logon right it needs (for a service: "Log on as a service").' },
  '0x800706BA': { name: 'RPC_S_SERVER_UNAVAILABLE', meaning: 'The RPC server is unavailable (host down or blocked).' },
  '0x80072EE2': { name: 'WININET_E_TIMEOUT', meaning: 'The HTTP request timed out.' },
  '0x80072EE7': { name: 'WININET_E_NAME_NOT_RESOLVED', meaning: 'The server name could not be resolved.' },
  '0x80072EFD': { name: 'WININET_E_CANNOT_CONNECT', meaning: 'A connection with the server could not be established.' },
  '0x80072F8F': { name: 'ERROR_WINHTTP_SECURE_FAILURE', meaning: 'A TLS error occurred (certificate or protocol).' },
  '0x80090302': { name: 'SEC_E_UNSUPPORTED_FUNCTION', meaning: 'The TLS request is not supported: usually no shared protocol version.' },
  '0x8009030D': { name: 'SEC_E_UNKNOWN_CREDENTIALS', meaning: 'The certificate private key cannot be used by this account.' },
  '0x8009030E': { name: 'SEC_E_NO_CREDENTIALS', meaning: 'No credentials are available (for example no private key).' },
  '0x80090322': { name: 'SEC_E_WRONG_PRINCIPAL', meaning: 'The certificate name does not match the host name.' },
  '0x80090325': { name: 'SEC_E_UNTRUSTED_ROOT', meaning: 'The certificate chain ends in a root this machine does not trust.' },
  '0x80090326': { name: 'SEC_E_ILLEGAL_MESSAGE', meaning: 'The TLS peer sent something unexpected (often a protocol or cipher mismatch).' },
  '0x80090327': { name: 'SEC_E_CERT_UNKNOWN', meaning: 'An unknown error occurred while processing the certificate.' },
  '0x80090328': { name: 'SEC_E_CERT_EXPIRED', meaning: 'The received certificate has expired.' },
  '0x80090331': { name: 'SEC_E_ALGORITHM_MISMATCH', meaning: 'Client and server have no TLS algorithm in common.' },
  '0x80092012': { name: 'CRYPT_E_NO_REVOCATION_CHECK', meaning: 'The revocation function was unable to check revocation.' },
  '0x80092013': { name: 'CRYPT_E_REVOCATION_OFFLINE', meaning: 'The revocation server (CRL/OCSP) could not be reached.' },
  '0x800B0101': { name: 'CERT_E_EXPIRED', meaning: 'A certificate is outside its validity period.' },
  '0x800B0109': { name: 'CERT_E_UNTRUSTEDROOT', meaning: 'The root certificate is not trusted.' },
  '0x80131500': { name: 'COR_E_EXCEPTION', meaning: 'Generic .NET exception; the message says more.' },
  '0x80131501': { name: 'COR_E_SYSTEM', meaning: 'Generic .NET system exception.' },
  '0x80131509': { name: 'COR_E_INVALIDOPERATION', meaning: 'An operation was not valid in the object\'s state.' },
  '0x80131620': { name: 'COR_E_IO', meaning: 'An I/O error occurred.' },
  '0x80131904': { name: 'SqlException', meaning: 'SQL Server client error; the SQL error number tells which.' },
};
