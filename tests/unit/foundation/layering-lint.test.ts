import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const biome = join(root, 'node_modules', '.bin', 'biome');

/**
 * Lints a probe file placed in the layer's own folder (the rule is chosen by path), exactly
 * as `npm run lint` would, then removes it. biome's stdin mode does not report lint errors.
 */
function lint(path: string, source: string) {
  const probe = join(root, dirname(path), `__layering_probe_${process.pid}.ts`);
  writeFileSync(probe, source);
  try {
    const run = spawnSync(biome, ['lint', probe], { cwd: root, encoding: 'utf8' });
    return { failed: run.status !== 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('the layering lint rule (architecture.md table)', () => {
  it.each([
    ['electron/engine/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/cli/probe.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['electron/localserver/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/localserver/probe.ts',
      "import { createEngine } from '../engine/index.ts';\nexport const a = createEngine;\n",
    ],
    ['shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['shared/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['renderer/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['renderer/src/probe.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    [
      'renderer/src/probe.ts',
      "import { createEngine } from '../../electron/engine/index.ts';\nexport const a = createEngine;\n",
    ],
    ['electron/main/probe.ts', "import { App } from '../../renderer/src/App.tsx';\nexport const a = App;\n"],
    // The engine knows nothing of the local server, the desktop service or ifc.
    [
      'electron/engine/jobs/probe.ts',
      "import { startLocalServer } from '../../localserver/index.ts';\nexport const a = startLocalServer;\n",
    ],
    [
      'electron/engine/probe.ts',
      "import { createAppService } from '../app-service/service.ts';\nexport const a = createAppService;\n",
    ],
    ['electron/engine/probe.ts', "import { EXIT } from '../cli/exit-codes.ts';\nexport const a = EXIT;\n"],
    // Outside the engine, only its index (and the watch index).
    [
      'electron/cli/probe.ts',
      "import { ApiClient } from '../engine/api/api-client.ts';\nexport const a = ApiClient;\n",
    ],
    [
      'electron/app-service/probe.ts',
      "import { RateGate } from '../engine/api/rate-gate.ts';\nexport const a = RateGate;\n",
    ],
    [
      'electron/main/probe.ts',
      "import { loadSettings } from '../engine/storage/settings.ts';\nexport const a = loadSettings;\n",
    ],
    // The desktop service never imports electron, ifc or the shell; main never the local server.
    ['electron/app-service/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/app-service/probe.ts',
      "import { EXIT } from '../cli/exit-codes.ts';\nexport const a = EXIT;\n",
    ],
    [
      'electron/main/probe.ts',
      "import { startLocalServer } from '../localserver/index.ts';\nexport const a = startLocalServer;\n",
    ],
    [
      'electron/cli/probe.ts',
      "import { createAppService } from '../app-service/service.ts';\nexport const a = createAppService;\n",
    ],
    [
      'electron/preload/probe.ts',
      "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
    ],
  ])('fails %s importing what its layer never imports', (path, source) => {
    const result = lint(path, source);
    expect(result.failed).toBe(true);
    expect(result.output).toContain('Layering');
  });

  it.each([
    ['electron/engine/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['electron/main/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'electron/cli/probe.ts',
      "import { createEngine } from '../engine/index.ts';\nexport const a = createEngine;\n",
    ],
    [
      'electron/app-service/probe.ts',
      "import { createFolderWatch } from '../engine/watch/index.ts';\nexport const a = createFolderWatch;\n",
    ],
    [
      'electron/app-service/probe.ts',
      "import { startLocalServer } from '../localserver/index.ts';\nexport const a = startLocalServer;\n",
    ],
    [
      'electron/engine/jobs/probe.ts',
      "import { RateGate } from '../api/rate-gate.ts';\nexport const a = RateGate;\n",
    ],
    [
      'renderer/src/probe.ts',
      "import { MESSAGES } from '../../shared/messages.ts';\nexport const a = MESSAGES;\n",
    ],
  ])('allows %s its own imports', (path, source) => {
    expect(lint(path, source).failed).toBe(false);
  });
});
