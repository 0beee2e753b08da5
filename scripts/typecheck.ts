// Type-check every runtime's config separately: each folder sees only the globals of the
// runtime it runs in (the page has no Node types; the engine has no DOM; e2e tests have both,
// since their page.evaluate callbacks run in the page).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');
let failed = false;
for (const project of [
  'tsconfig.node.json',
  'tsconfig.electron.json',
  'tsconfig.web.json',
  'tsconfig.e2e.json',
]) {
  const run = spawnSync(tsc, ['-p', project], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
