import { readFileSync } from 'node:fs';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

type Shell = 'powershell' | 'cmd' | 'sh';

/** The ids of the issues the analyzer names for a text, best first. */
export const ids = (text: string) => analyzeLog(text).matches.map((match) => match.id);
/** The suggested commands for one shell, in the report's order. */
export const commandsOf = (text: string, shell: Shell) => analyzeLog(text).commands.filter((command) => command.shell === shell);
/** The command lines alone. */
export const lines = (text: string, shell: Shell) => commandsOf(text, shell).map((command) => command.text);
