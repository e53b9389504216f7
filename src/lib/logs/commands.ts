/**
 * Turns command templates into runnable command lines with the values found in the log.
 *
 * Values come from untrusted text, so each one is quoted for its shell: PowerShell gets a
 * single-quoted string (no interpolation; every quote character PowerShell accepts as a single
 * quote is doubled), sh gets a single-quoted word. cmd.exe has no quoting that stops % and "
 * everywhere, so a cmd line is produced only when every value is made of plainly safe characters.
 */
import type { CommandSuggestion, CommandTemplate, Placeholder, Shell } from './types';
import { isPlaceholder, PLACEHOLDER_PATTERN, SHELLS } from './types';

export type Values = Partial<Record<Placeholder, string>>;

/** PowerShell treats ' and the typographic single quotes U+2018..U+201B alike inside '...'. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

export function quoteSh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const CMD_SAFE = /^[\w.:/[\]@?=+~#,-]+$/;

/** Returns the value bare when cmd.exe cannot misread it, else null (the line is then skipped). */
export function quoteCmd(value: string): string | null {
  return CMD_SAFE.test(value) ? value : null;
}

const QUOTERS: Record<Shell, (value: string) => string | null> = {
  powershell: quotePowerShell,
  sh: quoteSh,
  cmd: quoteCmd,
};

/** A value the catalog cannot know, written `<name>` inside a default (`{url=https://<region>.frontend.clouddatahub.net/}`)
 *  or in the template itself when no text could ever supply it (`-ResourceGroupName <resource-group>`). */
const GAP = /<([a-z][a-z-]{0,30})>/g;

/** What the reader needs to know to fill a gap that is not obvious from its name. */
export const GAP_HINTS: Readonly<Record<string, string>> = {
  region:
    "your factory's region code, as in its service URL listed under Manage > Integration runtimes > your runtime > Nodes > View Service URLs; if that URL has the form <factory>.<region>.datafactory.azure.net (newer factories, also named in the authentication key), use it in place of the whole address",
  'resource-group': 'the resource group that holds the Azure resource (shown on its Overview page in the portal)',
  server: "the Azure SQL logical server's name, the part before .database.windows.net",
  'server-name': "the PostgreSQL flexible server's name, the part before .postgres.database.azure.com",
  'factory-name': "the data factory's name, shown at the top of Data Factory Studio",
  account: "the storage account's name, as in the linked service's URL (https://<account>.dfs.core.windows.net for Data Lake Storage Gen2)",
  assembly: 'the assembly name your error quotes, the part before the first comma (for example System.ValueTuple)',
};

export interface RenderedTemplate {
  text: string;
  /** Gaps left as `<name>` for the reader to fill. */
  missing: string[];
  /** Values the text did not give, taken from the template's default (a product default such as port 8060). */
  assumed: Array<{ name: Placeholder; value: string }>;
}

/** Fills one template for one shell; null when a value cannot be written safely for that shell. */
export function renderTemplate(template: string, shell: Shell, values: Values): RenderedTemplate | null {
  const missing: string[] = [];
  const assumed: RenderedTemplate['assumed'] = [];
  const markMissing = (name: string) => {
    if (!missing.includes(name)) missing.push(name);
  };
  let unsafe = false;
  const text = template.replace(PLACEHOLDER_PATTERN, (whole, name: string, fallback: string | undefined, offset: number) => {
    if (!isPlaceholder(name)) return whole;
    let value = values[name];
    if (value === undefined && fallback !== undefined) {
      // A default with a gap is a shape, not a value: shown as written, for the reader to complete.
      const gaps = Array.from(fallback.matchAll(GAP), (gap) => gap[1]);
      if (gaps.length > 0) {
        gaps.forEach(markMissing);
        return fallback;
      }
      if (!assumed.some((entry) => entry.name === name)) assumed.push({ name, value: fallback });
      value = fallback;
    }
    // "{host}:{port}" needs an IPv6 address in brackets, or the port reads as part of the address.
    if (name === 'host' && value?.includes(':') && template[offset + whole.length] === ':') value = `[${value}]`;
    if (value === undefined) {
      markMissing(name);
      return `<${name}>`;
    }
    // Plain numbers (ports) need no quotes in any shell and read better bare.
    const quoted = /^\d{1,10}$/.test(value) ? value : QUOTERS[shell](value);
    if (quoted === null) unsafe = true;
    return quoted ?? '';
  });
  for (const gap of template.replace(PLACEHOLDER_PATTERN, '').matchAll(GAP)) markMissing(gap[1]);
  return unsafe ? null : { text, missing, assumed };
}

/** Placeholders without which a template is left out rather than shown with a gap: a "through
 *  the proxy" test is pointless when the text names no proxy (the config-reading variant covers it). */
const REQUIRED_WHEN_PRESENT: readonly Placeholder[] = ['proxy'];

/** An IPv4 address, or anything with a colon (IPv6): a DNS look-up of it answers with itself. */
const IP_ADDRESS = /^(?:\d{1,3}\.){3}\d{1,3}$|:/;

export function renderCommands(templates: readonly CommandTemplate[], values: Values, issueId?: string): CommandSuggestion[] {
  const suggestions: CommandSuggestion[] = [];
  for (const template of templates) {
    for (const shell of SHELLS) {
      const source = template[shell];
      if (!source) continue;
      if (REQUIRED_WHEN_PRESENT.some((name) => values[name] === undefined && source.includes(`{${name}`))) continue;
      if (template.looksUpHost && values.host !== undefined && IP_ADDRESS.test(values.host)) continue;
      const rendered = renderTemplate(source, shell, values);
      if (!rendered) continue;
      suggestions.push({
        shell,
        text: rendered.text,
        purpose: template.purpose,
        ...(issueId ? { issueId } : {}),
        ...(rendered.missing.length ? { missing: rendered.missing } : {}),
        ...(rendered.assumed.length ? { assumed: rendered.assumed } : {}),
      });
    }
  }
  return suggestions;
}

export interface CommandNote {
  text: string;
  /** The same note once the reader has seen it on an earlier command of the list. */
  brief: string;
}

/** What the reader must change before running a suggestion, in words (shown by the page and the CLI). */
export function commandNotes(command: Pick<CommandSuggestion, 'missing' | 'assumed' | 'respelled'>): CommandNote[] {
  const notes: CommandNote[] = [];
  if (command.respelled) {
    const { host, didYouMean } = command.respelled;
    notes.push({ text: `Tests ${didYouMean}, the likely spelling of ${host} in your text.`, brief: `Tests ${didYouMean}, as above.` });
  }
  for (const gap of command.missing ?? []) {
    const hint = GAP_HINTS[gap];
    notes.push({ text: hint ? `Replace <${gap}> with ${hint}.` : `Replace <${gap}> with your own value.`, brief: `Replace <${gap}>${hint ? ' as above' : ''}.` });
  }
  if (command.assumed?.length) {
    const values = command.assumed.map(({ name, value }) => `${name} ${value}`).join(' and ');
    notes.push({
      text: `Your text names no ${command.assumed.map(({ name }) => name).join(' or ')}: ${values} is the usual one; change it if yours differs.`,
      brief: `Assumes ${values}, as above.`,
    });
  }
  return notes;
}

/**
 * Notes as a reader meets them down a list: a note repeated in full under every command buries the
 * commands, so after its first showing it is cut to its brief form. One reader per list.
 */
export function noteReader(): (command: Pick<CommandSuggestion, 'missing' | 'assumed' | 'respelled'>) => string[] {
  const shown = new Set<string>();
  return (command) =>
    commandNotes(command).map((note) => {
      const seen = shown.has(note.text);
      shown.add(note.text);
      return seen ? note.brief : note.text;
    });
}

export interface CommandGroup {
  /** The catalog entry that proposed these commands; absent for the generic checks. */
  issueId?: string;
  commands: CommandSuggestion[];
}

/** Splits suggestions into runs proposed by the same issue, keeping the report's order. */
export function groupByIssue(commands: readonly CommandSuggestion[]): CommandGroup[] {
  const groups: CommandGroup[] = [];
  for (const command of commands) {
    const last = groups[groups.length - 1];
    if (last && last.issueId === command.issueId) last.commands.push(command);
    else
      groups.push({
        ...(command.issueId ? { issueId: command.issueId } : {}),
        commands: [command],
      });
  }
  return groups;
}
