// `npm test`: everything CI checks, in order, stopping at the first failing step, and a
// plain closing line "N passed, N failed, N skipped" that counts tests, never steps.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findNode22, NODE22_PATH } from './node22.ts';

const root = join(import.meta.dirname, '..');
const resultsFile = join(root, 'test-output', 'vitest.json');
mkdirSync(join(root, 'test-output'), { recursive: true });

function step(name: string, command: string, args: string[]): void {
  process.stdout.write(`\n== ${name}: ${command} ${args.join(' ')}\n`);
  const run = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: false });
  if (run.status !== 0) {
    process.stdout.write(`\n${name} failed (exit ${run.status ?? run.signal}).\n`);
    process.exit(run.status || 1);
  }
}

const npx = (bin: string) => join(root, 'node_modules', '.bin', bin);
const only = process.argv.slice(2);

step('typecheck', process.execPath, [join(root, 'scripts', 'typecheck.ts')]);
step('lint', npx('biome'), ['check', '.']);
step('build', 'npm', ['run', '--silent', 'build']);
const tests = spawnSync(
  npx('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...only],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
function count(file: string): void {
  try {
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numPendingTests: number;
      numTodoTests: number;
    };
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  } catch {
    process.stdout.write(`The test runner wrote no report (${file}).\n`);
    failed += 1;
  }
}
count(resultsFile);
const allRan = tests.status === 0;

// The CLI tests' second pass, the built `ifc` under Node 22, is vitest.config.ts's
// "cli-on-node22" project inside the run above. Without a Node 22 it cannot run: that is
// reported as skipped, not passed.
if (only.length === 0 && findNode22() === undefined) {
  process.stdout.write(`\nThe Node 22 pass of the CLI tests was skipped: no Node 22 at ${NODE22_PATH}.\n`);
  skipped += 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(allRan && failed === 0 && passed > 0 ? 0 : 1);
