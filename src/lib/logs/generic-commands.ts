/**
 * Next checks offered from the values in the text alone: when no catalog entry matched, or for
 * endpoints the matched entries' own commands do not cover. Same template form as catalog entries.
 */
import type { CommandTemplate } from './types';

export const REACHABILITY: CommandTemplate = {
  purpose: 'Test whether a TCP connection to the endpoint opens from this machine.',
  powershell: 'Test-NetConnection -ComputerName {host} -Port {port}',
  cmd: 'telnet {host} {port}',
  sh: 'nc -vz -w 5 {host} {port}',
};

export const NAME_RESOLUTION: CommandTemplate = {
  purpose: 'Check that the name resolves, and to which addresses.',
  powershell: 'Resolve-DnsName -Name {host}',
  cmd: 'nslookup {host}',
  sh: 'nslookup {host}',
};

/** Offered for a host one typo away from a service domain, before the checks run on the likely spelling. */
export const NAME_AS_WRITTEN: CommandTemplate = {
  purpose: 'Show that the name as the text writes it does not resolve: it is one letter away from a service domain.',
  powershell: 'Resolve-DnsName -Name {host}',
  cmd: 'nslookup {host}',
  sh: 'nslookup {host}',
};

export const WEB_REQUEST: CommandTemplate = {
  purpose: 'Request the URL directly, without a proxy, and show the HTTP status.',
  powershell: 'Invoke-WebRequest -Uri {url} -UseBasicParsing -TimeoutSec 30 | Select-Object StatusCode, StatusDescription',
  cmd: 'curl.exe -sSI --noproxy * {url}',
  sh: 'curl -sSI --noproxy \'*\' {url}',
};

export const WEB_REQUEST_VIA_PROXY: CommandTemplate = {
  purpose: 'Request the URL through the proxy configured for the integration runtime (read from diahost.exe.config).',
  powershell:
    "$proxy = ([xml](Get-Content -Raw 'C:\\Program Files\\Microsoft Integration Runtime\\5.0\\Shared\\diahost.exe.config')).configuration.'system.net'.defaultProxy.proxy.proxyaddress; $proxy; Invoke-WebRequest -Uri {url} -Proxy $proxy -ProxyUseDefaultCredentials -UseBasicParsing -TimeoutSec 30 | Select-Object StatusCode, StatusDescription",
};

export const SERVICE_AND_EVENTS: CommandTemplate[] = [
  {
    purpose: 'Check that the integration runtime service is running.',
    powershell: 'Get-Service -Name DIAHostService | Format-List Name, Status, StartType',
    cmd: 'sc query DIAHostService',
  },
  {
    purpose: 'List the latest errors of the Integration Runtime event log.',
    powershell: "Get-WinEvent -LogName 'Integration Runtime' -MaxEvents 200 | Where-Object LevelDisplayName -eq 'Error' | Select-Object -First 20 | Format-List TimeCreated, Id, Message",
    cmd: 'wevtutil qe "Integration Runtime" /c:20 /rd:true /f:text /q:"*[System[(Level=2)]]"',
  },
];
