/**
 * Command dispatch for `shir-doctor`. Exit codes are a stable contract (see README):
 * 0 analysed; 1 analysed but a file is damaged; 2 usage; 3 nothing readable.
 */
export const ExitCode = { Ok: 0, Damaged: 1, Usage: 2, Unreadable: 3 } as const;

export const USAGE = `Usage:
  shir-doctor capture FILE... [--filter EXPR] [--json [--ladders]]
                                 analyse network traces (several files are one chained trace);
                                 --filter keeps the conversations matching a Network Monitor or
                                 Wireshark filter; --ladders adds each one's first and last packets
  shir-doctor log FILE|- [--json]
                                 analyse an error message or log ('-' reads standard input)
  shir-doctor --help | --version
'shir-doctor capture --help' and 'shir-doctor log --help' explain the options and exit codes.`;

/**
 * A reader that stops early (`shir-doctor capture x.cap --json | head`) closes the pipe; like other
 * Unix tools we then stop quietly instead of dying on an unhandled EPIPE with a stack trace.
 */
function exitQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Ok);
    throw error;
  });
}

export async function main(argv: string[]): Promise<number> {
  exitQuietlyWhenStdoutCloses();
  const [command, ...rest] = argv;
  switch (command) {
    case 'capture': {
      const { runCapture } = await import('./capture');
      return runCapture(rest);
    }
    case 'log': {
      const { runLog } = await import('./log');
      return runLog(rest);
    }
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(`${USAGE}\n`);
      return ExitCode.Ok;
    case '--version':
    case '-v': {
      const { readFile } = await import('node:fs/promises');
      const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return ExitCode.Ok;
    }
    default:
      process.stderr.write(command === undefined ? `${USAGE}\n` : `shir-doctor: unknown command '${command}'\n${USAGE}\n`);
      return ExitCode.Usage;
  }
}
