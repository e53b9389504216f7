/**
 * Turns command templates into runnable command lines with the values found in the log.
 *
 * Values come from untrusted text, so each one is quoted for its shell: PowerShell gets a
 * single-quoted string (no interpolation; every quote character PowerShell accepts as a single
 * quote is doubled), sh gets a single-quoted word. cmd.exe has no quoting that stops % and "
 * everywhere, so a cmd line is produced only when every value is made of plainly safe characters.
 */
import type { CommandSuggestion, CommandTemplate, Placeholder, Shell } from './types';
import { PLACEHOLDER_PATTERN, PLACEHOLDERS, SHELLS } from './types';

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

const QUOTERS: Record<Shell, (value: string) => string | null> = { powershell: quotePowerShell, sh: quoteSh, cmd: quoteCmd };

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** Fills one template for one shell; null when a value cannot be written safely for that shell. */
export function renderTemplate(template: string, shell: Shell, values: Values): { text: string; missing: Placeholder[] } | null {
  const missing: Placeholder[] = [];
  let unsafe = false;
  const text = template.replace(PLACEHOLDER_PATTERN, (whole, name: string, fallback: string | undefined, offset: number) => {
    if (!isPlaceholder(name)) return whole;
    let value = values[name] ?? fallback;
    // "{host}:{port}" needs an IPv6 address in brackets, or the port reads as part of the address.
    if (name === 'host' && value?.includes(':') && template[offset + whole.length] === ':') value = `[${value}]`;
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return `<${name}>`;
    }
    // Plain numbers (ports) need no quotes in any shell and read better bare.
    const quoted = /^\d{1,10}$/.test(value) ? value : QUOTERS[shell](value);
    if (quoted === null) unsafe = true;
    return quoted ?? '';
  });
  return unsafe ? null : { text, missing };
}

/** Placeholders without which a template is left out rather than shown with a gap: a "through
 *  the proxy" test is pointless when the text names no proxy (the config-reading variant covers it). */
const REQUIRED_WHEN_PRESENT: readonly Placeholder[] = ['proxy'];

export function renderCommands(templates: readonly CommandTemplate[], values: Values, issueId?: string): CommandSuggestion[] {
  const suggestions: CommandSuggestion[] = [];
  for (const template of templates) {
    for (const shell of SHELLS) {
      const source = template[shell];
      if (!source) continue;
      if (REQUIRED_WHEN_PRESENT.some((name) => values[name] === undefined && source.includes(`{${name}`))) continue;
      const rendered = renderTemplate(source, shell, values);
      if (!rendered) continue;
      suggestions.push({
        shell,
        text: rendered.text,
        purpose: template.purpose,
        ...(issueId ? { issueId } : {}),
        ...(rendered.missing.length ? { missing: rendered.missing } : {}),
      });
    }
  }
  return suggestions;
}
