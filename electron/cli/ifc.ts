#!/usr/bin/env node
// `ifc`: the conversion engine for scripts, servers and watch folders (cli.md). Runs as
// `node electron/cli/ifc.ts` under Node 24 (type stripping) and, built, as the `ifc` bin.
import { parseCommandLine } from './args.ts';
import { balanceCommand, formatsCommand } from './commands/account.ts';
import { convertCommand } from './commands/convert.ts';
import { jobsCommand } from './commands/jobs.ts';
import { loginCommand, logoutCommand } from './commands/login.ts';
import { resumeCommand } from './commands/resume.ts';
import { serveLocalCommand } from './commands/serve-local.ts';
import { watchCommand } from './commands/watch.ts';
import { EXIT } from './exit-codes.ts';
import { HELP } from './help.ts';
import type { Output } from './reporter.ts';
import { printError } from './reporter.ts';

const VERSION = '0.1.0';

export async function main(argv: readonly string[], io: Output, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (!parsed.ok) {
    printError(io, 'usage', parsed.problem);
    return EXIT.usage;
  }
  const command = parsed.command;
  switch (command.name) {
    case 'help':
      io.stdout.write(HELP);
      return EXIT.ok;
    case 'version':
      io.stdout.write(`ifc ${VERSION}\n`);
      return EXIT.ok;
    case 'convert':
      return convertCommand(command, io, env);
    case 'resume':
      return resumeCommand(command, io, env);
    case 'watch':
      return watchCommand(command, io, env);
    case 'jobs':
      return jobsCommand(command, io, env);
    case 'balance':
      return balanceCommand(command, io, env);
    case 'formats':
      return formatsCommand(command, io, env);
    case 'login':
      return loginCommand(command, io, env, { stdin: process.stdin });
    case 'logout':
      return logoutCommand(command, io, env);
    case 'serve-local':
      return serveLocalCommand(command.args, io);
  }
}

/** Exit once stdout has drained, so a piped NDJSON reader gets every line. */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

if (import.meta.main) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }, process.env).then(
    exitWhenFlushed,
    () => {
      printError({ stdout: process.stdout, stderr: process.stderr }, 'internal');
      exitWhenFlushed(EXIT.failed);
    },
  );
}
