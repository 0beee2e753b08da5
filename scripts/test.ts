// `npm test`: everything CI checks, in order, stopping at the first failing step, and a
// plain closing line "N passed, N failed, N skipped" that counts tests, never steps.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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
let allRan = tests.status === 0;

// The built `ifc` supports both Node LTS lines (22 and 24): the CLI integration tests run a
// second time under Node 22 against the bundle, when a Node 22 is installed (.ci/run installs
// it the way it installs Node 24). Without one, the pass is reported as skipped, not passed.
const node22 = process.env.IFC_NODE22 ?? join(homedir(), '.node22', 'bin', 'node');
const node22Major = existsSync(node22)
  ? spawnSync(node22, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0]
  : undefined;
if (only.length === 0 && node22Major === '22') {
  const node22File = join(root, 'test-output', 'vitest-node22.json');
  process.stdout.write(`\n== the CLI tests again on Node 22 (${node22}) against out/cli/ifc.js\n`);
  const again = spawnSync(
    node22,
    [
      join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--project',
      'integration',
      'tests/integration/cli',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${node22File}`,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, IFC_UNDER_TEST: 'built', IFC_NODE22: node22 } },
  );
  count(node22File);
  allRan &&= again.status === 0;
} else if (only.length === 0) {
  process.stdout.write(`\nThe Node 22 pass of the CLI tests was skipped: no Node 22 at ${node22}.\n`);
  skipped += 1;
}
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(allRan && failed === 0 && passed > 0 ? 0 : 1);
