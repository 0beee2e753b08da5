// `ifc`: the conversion engine for scripts, servers and watch folders (cli.md). The program
// starts in ifc.ts, which checks the Node version before this module (and anything newer
// Node alone understands) is loaded.
import { localeFromEnv, setLanguage } from '../../shared/i18n/index.ts';
import { isErrorCode } from '../../shared/messages.ts';
import { parseCommandLine } from './args.ts';
import { EXIT } from './exit-codes.ts';
import { HELP } from './help.ts';
import type { Output } from './reporter.ts';
import { printError } from './reporter.ts';
import { VERSION } from './version.ts';

export async function main(argv: readonly string[], io: Output, env: NodeJS.ProcessEnv): Promise<number> {
  // Human lines follow LC_ALL / LC_MESSAGES / LANG. With --json everything stays in English, so
  // a script reads the same JSON (codes and sentences) whatever the shell's language.
  const json = argv.includes('--json');
  setLanguage(json ? 'en' : localeFromEnv(env));
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    // Node's own wording for a bad flag runs on; its first sentence says what was wrong.
    if (isErrorCode(parsed.problem)) printError(io, parsed.problem);
    else printError(io, 'usage', parsed.problem.split(/\.\s/)[0]);
    return EXIT.usage;
  }
  const command = parsed.command;
  // Each command is loaded when used: `ifc help` need not load the converters or chokidar.
  switch (command.name) {
    case 'help':
      io.stdout.write(HELP);
      return EXIT.ok;
    case 'version':
      io.stdout.write(`ifc ${VERSION}\n`);
      return EXIT.ok;
    case 'convert':
      return (await import('./commands/convert.ts')).convertCommand(command, io, env);
    case 'merge':
      return (await import('./commands/merge.ts')).mergeCommand(command, io, env);
    case 'resume':
      return (await import('./commands/resume.ts')).resumeCommand(command, io, env);
    case 'watch':
      return (await import('./commands/watch.ts')).watchCommand(command, io, env);
    case 'jobs':
      return (await import('./commands/jobs.ts')).jobsCommand(command, io, env);
    case 'balance':
      return (await import('./commands/account.ts')).balanceCommand(command, io, env);
    case 'formats':
      return (await import('./commands/account.ts')).formatsCommand(command, io, env);
    case 'login':
      return (await import('./commands/login.ts')).loginCommand(command, io, env, { stdin: process.stdin });
    case 'logout':
      return (await import('./commands/login.ts')).logoutCommand(command, io, env);
    case 'invoices':
      return (await import('./commands/invoices.ts')).invoicesCommand(command, io, env);
    case 'serve-local':
      return (await import('./commands/serve-local.ts')).serveLocalCommand(command.args, io);
  }
}

/** Exit once stdout has drained, so a piped NDJSON reader gets every line. */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

/** Runs `ifc` as a program: this process's arguments, streams and environment. */
export function runProgram(): void {
  const io: Output = { stdout: process.stdout, stderr: process.stderr };
  main(process.argv.slice(2), io, process.env).then(exitWhenFlushed, () => {
    printError(io, 'internal');
    exitWhenFlushed(EXIT.failed);
  });
}
