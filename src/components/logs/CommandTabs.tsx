/**
 * Suggested commands, one tab per shell (WAI-ARIA tabs: arrow keys move between tabs, Tab goes into
 * the panel). PowerShell comes first because the integration runtime runs on Windows.
 */
import { useState } from 'preact/hooks';
import type { CommandSuggestion, Shell } from '../../lib/logs/types';
import { SHELLS } from '../../lib/logs/types';
import { CommandLine } from './CommandLine';
import { SHELL_LABELS } from './labels';

interface Props {
  commands: CommandSuggestion[];
  /** Prefix for element ids, unique per widget on the page. */
  idPrefix: string;
  announce: (message: string) => void;
}

export function CommandTabs({ commands, idPrefix, announce }: Props) {
  const shells = SHELLS.filter((shell) => commands.some((command) => command.shell === shell));
  const [chosen, setChosen] = useState<Shell>(shells[0] ?? 'powershell');
  const selected = shells.includes(chosen) ? chosen : shells[0];
  if (!selected) return null;

  const tabId = (shell: Shell) => `${idPrefix}-tab-${shell}`;
  const panelId = (shell: Shell) => `${idPrefix}-panel-${shell}`;

  function onTabKeyDown(event: KeyboardEvent, index: number) {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: shells.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = shells[(moves[event.key] + shells.length) % shells.length];
    setChosen(next);
    document.getElementById(tabId(next))?.focus();
  }

  return (
    <div class="log-commands">
      {shells.length > 1 && (
        <div role="tablist" aria-label="Shell" class="log-tabs">
          {shells.map((shell, index) => (
            <button
              type="button"
              role="tab"
              id={tabId(shell)}
              aria-selected={shell === selected}
              aria-controls={panelId(shell)}
              tabIndex={shell === selected ? 0 : -1}
              onClick={() => setChosen(shell)}
              onKeyDown={(event) => onTabKeyDown(event, index)}
            >
              {SHELL_LABELS[shell]}
            </button>
          ))}
        </div>
      )}
      {shells.map((shell) => (
        <div
          key={shell}
          id={panelId(shell)}
          role={shells.length > 1 ? 'tabpanel' : undefined}
          aria-labelledby={shells.length > 1 ? tabId(shell) : undefined}
          hidden={shell !== selected}
        >
          <ol class="log-command-list">
            {commands
              .filter((command) => command.shell === shell)
              .map((command) => (
                <CommandItem command={command} announce={announce} />
              ))}
          </ol>
        </div>
      ))}
    </div>
  );
}

function CommandItem({ command, announce }: { command: CommandSuggestion; announce: (message: string) => void }) {
  return (
    <li class="log-command">
      <p class="log-command-purpose">{command.purpose}</p>
      <CommandLine text={command.text} purpose={command.purpose} announce={announce} />
      {command.missing && command.missing.length > 0 && (
        <p class="log-command-missing">
          Replace {command.missing.map((name) => `<${name}>`).join(', ')} with your own value before running it.
        </p>
      )}
    </li>
  );
}
