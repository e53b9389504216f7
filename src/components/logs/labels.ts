/** Words the log widget shows for the report's machine values. */
import type { IssueCategory, Shell } from '../../lib/logs/types';

const ACRONYMS: Record<string, string> = { dns: 'DNS', tls: 'TLS', auth: 'authentication' };

/** "node-communication" -> "Node communication", "tls-protocol" -> "TLS protocol". */
export function categoryLabel(category: IssueCategory): string {
  const words = category.split('-').map((word) => ACRONYMS[word] ?? word);
  const first = words[0];
  words[0] = first === first.toUpperCase() ? first : first[0].toUpperCase() + first.slice(1);
  return words.join(' ');
}

export const SHELL_LABELS: Record<Shell, string> = {
  powershell: 'PowerShell',
  cmd: 'Command Prompt',
  sh: 'Linux / macOS shell',
};

export const ENTITY_LABELS = {
  hosts: 'Host names',
  ips: 'IP addresses',
  ports: 'Ports',
  urls: 'URLs',
  codes: 'Error codes',
  exceptions: 'Exceptions',
} as const;

export function formatSize(characters: number): string {
  if (characters < 10_000) return `${characters.toLocaleString('en')} characters`;
  if (characters < 1_000_000) return `${Math.round(characters / 1000)} thousand characters`;
  return `${(characters / 1_000_000).toFixed(1)} million characters`;
}
