// The built `ifc` (out/cli/ifc.js, made by `npm test`'s build step) on the Node versions a
// newcomer may have: an old one gets one sentence and exit 2 (it used to print nothing and
// exit 0); the supported LTS lines run it. Node 22 runs the whole CLI suite in vitest.config.ts's
// "cli-on-node22" project; here its presence is only used for a first look.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const built = join(root, 'out', 'cli', 'ifc.js');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

function majorOf(node: string): number | undefined {
  if (!existsSync(node)) return undefined;
  const run = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return run.status === 0 ? Number(run.stdout.trim().split('.')[0]) : undefined;
}

// Debian's packaged Node (20 on these machines) stands for "a newcomer's old Node".
const OLD_NODE = '/usr/bin/node';
const oldMajor = majorOf(OLD_NODE);
const NODE22 = process.env.IFC_NODE22 ?? join(homedir(), '.node22', 'bin', 'node');
const node22Major = majorOf(NODE22);

describe('the built ifc on other Node versions', () => {
  it('has been built', () => {
    expect(existsSync(built), 'out/cli/ifc.js: run `npm run build` first').toBe(true);
  });

  it.skipIf(oldMajor === undefined || oldMajor >= 22)(
    `on an unsupported Node (${OLD_NODE}, major ${oldMajor}) says which Node it needs in one sentence and exits 2`,
    () => {
      for (const args of [['--help'], ['--version'], ['convert', 'a.pdf', '--to', 'xlsx']]) {
        const run = spawnSync(OLD_NODE, [built, ...args], { encoding: 'utf8' });
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toContain('ifc needs Node.js 22 or 24');
        expect(run.stderr).not.toMatch(/\bat \S+:\d+/);
      }
    },
  );

  it.skipIf(node22Major !== 22)(`runs on Node 22 (${NODE22})`, () => {
    const shown = spawnSync(NODE22, [built, '--version'], { encoding: 'utf8' });
    expect(shown.stdout).toBe(`ifc ${version}\n`);
    const help = spawnSync(NODE22, [built, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('ifc convert');
  });

  it('runs on this Node and prints the package version', () => {
    const shown = spawnSync(process.execPath, [built, '--version'], { encoding: 'utf8' });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toBe(`ifc ${version}\n`);
  });
});
