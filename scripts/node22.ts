// Where a Node 22 is, if one is installed: the built `ifc` supports both Node LTS lines (22 and
// 24), and .ci/run installs Node 22 into ~/.node22 the way it installs Node 24. One home for
// the look-up, used by vitest.config.ts (the "cli-on-node22" project) and scripts/test.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE22_PATH = process.env.IFC_NODE22 ?? join(homedir(), '.node22', 'bin', 'node');

/** The path of a Node whose major version is 22, or undefined when there is none. */
export function findNode22(): string | undefined {
  if (!existsSync(NODE22_PATH)) return undefined;
  const major = spawnSync(NODE22_PATH, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.split(
    '.',
  )[0];
  return major === '22' ? NODE22_PATH : undefined;
}
