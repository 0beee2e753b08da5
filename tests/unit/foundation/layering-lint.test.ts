import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const biome = join(root, 'node_modules', '.bin', 'biome');

interface Probe {
  path: string;
  source: string;
}

/**
 * Lints every probe at once, exactly as `npm run lint` would: each probe file is placed in its
 * layer's own folder (the rule is chosen by path), one biome run reads them all (a run per
 * probe cost ~20 s), and each file's own diagnostics decide its verdict. biome's stdin mode
 * does not report lint errors, so real files it is.
 */
function lintAll(probes: Probe[]): Map<Probe, { failed: boolean; output: string }> {
  const files = probes.map((probe, index) =>
    join(root, dirname(probe.path), `__layering_probe_${process.pid}_${index}.ts`),
  );
  probes.forEach((probe, index) => {
    writeFileSync(files[index]!, probe.source);
  });
  try {
    const run = spawnSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', ...files], {
      cwd: root,
      encoding: 'utf8',
    });
    const report = JSON.parse(run.stdout) as {
      diagnostics: { category: string; message: string; location: { path?: { file?: string } | string } }[];
    };
    const verdicts = new Map<Probe, { failed: boolean; output: string }>();
    probes.forEach((probe, index) => {
      const name = relative(root, files[index]!);
      const mine = report.diagnostics.filter((diagnostic) => {
        const where = diagnostic.location.path;
        const file = typeof where === 'string' ? where : where?.file;
        return file !== undefined && (file === name || file.endsWith(name));
      });
      verdicts.set(probe, {
        failed: mine.some((diagnostic) => diagnostic.category.startsWith('lint/')),
        output: mine.map((diagnostic) => diagnostic.message).join('\n'),
      });
    });
    return verdicts;
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
}

const FORBIDDEN: [string, string][] = [
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
  ['electron/app-service/probe.ts', "import { EXIT } from '../cli/exit-codes.ts';\nexport const a = EXIT;\n"],
  [
    'electron/main/probe.ts',
    "import { startLocalServer } from '../localserver/index.ts';\nexport const a = startLocalServer;\n",
  ],
  [
    'electron/cli/probe.ts',
    "import { createAppService } from '../app-service/service.ts';\nexport const a = createAppService;\n",
  ],
  ['electron/preload/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
];

const ALLOWED: [string, string][] = [
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
];

const probes = [...FORBIDDEN, ...ALLOWED].map(([path, source]) => ({ path, source }));
let verdicts: Map<Probe, { failed: boolean; output: string }>;

describe('the layering lint rule (architecture.md table)', () => {
  beforeAll(() => {
    verdicts = lintAll(probes);
  });

  it.each(probes.slice(0, FORBIDDEN.length).map((probe) => [probe.path, probe] as const))(
    'fails %s importing what its layer never imports',
    (_path, probe) => {
      const verdict = verdicts.get(probe)!;
      expect(verdict.failed, probe.source).toBe(true);
      expect(verdict.output).toContain('Layering');
    },
  );

  it.each(probes.slice(FORBIDDEN.length).map((probe) => [probe.path, probe] as const))(
    'allows %s its own imports',
    (_path, probe) => {
      expect(verdicts.get(probe)!.failed, verdicts.get(probe)!.output).toBe(false);
    },
  );
});
