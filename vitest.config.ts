import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type TestProjectConfiguration } from 'vitest/config';
import { findNode22 } from './scripts/node22.ts';

// The built `ifc` supports both Node LTS lines (22 and 24): when a Node 22 is installed (.ci/run
// installs it the way it installs Node 24), the CLI integration tests run a second time as their
// own project, with `ifc` as the built bundle under Node 22. scripts/test.ts reports the pass as
// skipped, not passed, when there is no Node 22.
const node22 = findNode22();

// Tests start hundreds of Node processes (`ifc`, conversion processes, local servers), each of
// which compiles the same modules again; Node's own compile cache keeps the compiled code on
// disk for the next one (children inherit the variable). A person's own setting wins.
process.env.NODE_COMPILE_CACHE ??= join(import.meta.dirname, 'node_modules', '.cache', 'node-compile');

// One runner; its projects are unit, integration (each with an -isolated twin, below), the CLI
// files again on Node 22, e2e and the Electron smoke test. Integration and e2e tests start real
// servers on loopback and a real Chromium, so they get longer timeouts (hang guards, never a measure of speed). Files run
// two at a time (vitest's default on a 2-core machine is one worker): sampled from /proc/stat, a
// whole run then keeps both cores ~95 % busy, so the suite is bound by CPU, and a third worker
// does not make it faster (whole runs back to back: 374 s with two, 376 s with three). The e2e
// files (one Chromium each) share the same two workers: run as a group after the rest, they
// waited while the last long integration files left a core idle (without vitest's result
// cache, as on a fresh clone: 416 s as a group, 398 s mixed).
// expect.poll gives up after 1 s by default: a time limit in disguise, which a loaded machine
// can miss while the awaited event (a conversion, a retry) is still on its way. Every poll waits
// for a positive event, so its default is a hang guard too; a poll that names its own timeout
// keeps it.
const expect = { poll: { timeout: 30_000 } };

// Unit and integration files share their worker's modules (isolate: false): importing the
// engine, the converters and the language catalogues afresh for each file cost more than many
// tests themselves (unit files: 61 s → 31 s wall, 101 → 49 CPU-s; integration files: 183 s →
// 150 s wall). A file that replaces a module with vi.mock (the Electron stand-ins) or stubs a global
// needs a process of its own, so those run isolated, in a project named "<name>-isolated".
// tests/support/fresh-process-defaults.ts gives each shared file a fresh process's switches; any
// other process-wide change a file makes (the default CA set, process.env) it puts back itself.
const replacesModules = (file: string) =>
  /\bvi\.(mock|doMock|unmock|resetModules|stubEnv|stubGlobal)\(/.test(
    readFileSync(join(import.meta.dirname, file), 'utf8'),
  );
function partition(pattern: string): { shared: string[]; isolated: string[] } {
  const shared: string[] = [];
  const isolated: string[] = [];
  for (const file of globSync(pattern, { cwd: import.meta.dirname })) {
    (replacesModules(file) ? isolated : shared).push(file);
  }
  return { shared, isolated };
}
const unitFiles = partition('tests/unit/**/*.test.{ts,tsx}');
const integrationFiles = partition('tests/integration/**/*.test.ts');
const cliFiles = partition('tests/integration/cli/**/*.test.ts');
const shared = { isolate: false, setupFiles: ['tests/support/fresh-process-defaults.ts'] };
const integration = { testTimeout: 120_000, hookTimeout: 120_000, expect };

/** The CLI integration files again, with `ifc` as the built bundle under Node 22. */
function cliOnNode22(node22: string) {
  const env = { IFC_UNDER_TEST: 'built', IFC_CHILD_NODE: node22, IFC_NODE22: node22 };
  const projects: TestProjectConfiguration[] = [
    { test: { name: 'cli-on-node22', include: cliFiles.shared, env, ...shared, ...integration } },
  ];
  if (cliFiles.isolated.length > 0) {
    projects.push({
      test: { name: 'cli-on-node22-isolated', include: cliFiles.isolated, env, ...integration },
    });
  }
  return projects;
}
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: unitFiles.shared,
          environment: 'node',
          ...shared,
          // A hang guard, not a time limit: the first import of a converter or a language
          // catalogue can take seconds while another file runs beside it.
          testTimeout: 30_000,
          expect,
        },
      },
      {
        test: {
          name: 'unit-isolated',
          include: unitFiles.isolated,
          environment: 'node',
          testTimeout: 30_000,
          expect,
        },
      },
      {
        test: { name: 'integration', include: integrationFiles.shared, ...shared, ...integration },
      },
      {
        test: { name: 'integration-isolated', include: integrationFiles.isolated, ...integration },
      },
      ...(node22 ? cliOnNode22(node22) : []),
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          expect,
        },
      },
      {
        test: {
          name: 'electron',
          include: ['tests/electron/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
