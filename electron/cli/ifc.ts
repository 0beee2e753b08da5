#!/usr/bin/env node
// The `ifc` program (the package's `bin`; built to out/cli/ifc.js). It checks the Node version
// first, in code every Node still parses, and only then loads the rest: on an old Node the
// person gets one sentence and exit 2 instead of a syntax error or silence.
const SUPPORTED_MAJORS = 'Node.js 22 or 24';
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `ifc needs ${SUPPORTED_MAJORS} (this is Node.js ${process.versions.node}): install a current LTS from https://nodejs.org, or run "npm i -g node@24".\n`,
  );
  process.exit(2);
} else {
  // `ifc --version` and `ifc --help` answer from modules of their own; everything else loads
  // the program.
  const argv = process.argv.slice(2);
  const { asksVersion, VERSION } = await import('./version.ts');
  const help = asksVersion(argv) ? undefined : await import('./help.ts');
  if (!help) process.stdout.write(`ifc ${VERSION}\n`);
  else if (help.asksHelp(argv)) process.stdout.write(help.HELP);
  else (await import('./main.ts')).runProgram();
}
