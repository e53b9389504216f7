/**
 * Suggested commands, one tab per shell (WAI-ARIA tabs: arrow keys move between tabs, Tab goes into
 * the panel). PowerShell comes first because the integration runtime runs on Windows.
 */
import { useState } from 'preact/hooks';
import { groupByIssue, noteReader } from '../../lib/logs/commands';
import type { CommandSuggestion, IssueMatch, Shell } from '../../lib/logs/types';
import { SHELLS } from '../../lib/logs/types';
import { CommandLine } from './CommandLine';
import { SHELL_LABELS } from './labels';

interface Props {
  commands: CommandSuggestion[];
  /** The report's matches, best first: each group of commands is headed by the issue that proposed it. */
  matches: Pick<IssueMatch, 'id' | 'title'>[];
  /** Level of the group headings. */
  groupHeadingLevel: 4 | 5 | 6;
  /** Prefix for element ids, unique per widget on the page. */
  idPrefix: string;
  announce: (message: string) => void;
}

/** Names the issue a group of commands belongs to, so a check for a weaker match is not read as one for the best. */
function groupHeading(issueId: string | undefined, matches: Props['matches']): string {
  const rank = matches.findIndex((match) => match.id === issueId);
  if (rank < 0) return 'General checks';
  return `Checks for: ${matches[rank].title}${rank > 0 ? ' (also possible)' : ''}`;
}

export function CommandTabs({ commands, matches, groupHeadingLevel, idPrefix, announce }: Props) {
  const GroupHeading = `h${groupHeadingLevel}` as const;
  const shells = SHELLS.filter((shell) => commands.some((command) => command.shell === shell));
  const [chosen, setChosen] = useState<Shell>(shells[0] ?? 'powershell');
  const selected = shells.includes(chosen) ? chosen : shells[0];
  if (!selected) return null;

  const tabId = (shell: Shell) => `${idPrefix}-tab-${shell}`;
  const panelId = (shell: Shell) => `${idPrefix}-panel-${shell}`;

  function onTabKeyDown(event: KeyboardEvent, index: number) {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: shells.length - 1,
    };
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
          <ShellCommands commands={commands.filter((command) => command.shell === shell)} matches={matches} GroupHeading={GroupHeading} announce={announce} />
        </div>
      ))}
    </div>
  );
}

interface ShellCommandsProps {
  commands: CommandSuggestion[];
  matches: Props['matches'];
  GroupHeading: 'h4' | 'h5' | 'h6';
  announce: (message: string) => void;
}

function ShellCommands({ commands, matches, GroupHeading, announce }: ShellCommandsProps) {
  const notesOf = noteReader();
  return (
    <>
      {groupByIssue(commands).map((group) => (
        <div class="log-command-group">
          <GroupHeading class="log-command-group-heading">{groupHeading(group.issueId, matches)}</GroupHeading>
          <ol class="log-command-list">
            {group.commands.map((command) => (
              <CommandItem command={command} notes={notesOf(command)} announce={announce} />
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}

function CommandItem({ command, notes, announce }: { command: CommandSuggestion; notes: string[]; announce: (message: string) => void }) {
  return (
    <li class="log-command">
      <p class="log-command-purpose">{command.purpose}</p>
      <CommandLine text={command.text} purpose={command.purpose} announce={announce} />
      {notes.map((note) => (
        <p class="log-command-missing">{note}</p>
      ))}
    </li>
  );
}
