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
  // `ifc --version` answers from a module of a few lines; everything else loads the program.
  const { asksVersion, VERSION } = await import('./version.ts');
  if (asksVersion(process.argv.slice(2))) process.stdout.write(`ifc ${VERSION}\n`);
  else (await import('./main.ts')).runProgram();
}
