// Shared set-up for the engine and ifc integration tests: a temp folder with copies of the
// fixtures, the REAL local server on loopback, and an engine with short (but real) timings.
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine, EngineOptions } from '../../../electron/engine/index.ts';
import { createEngine } from '../../../electron/engine/index.ts';
import type { LocalServer, LocalServerOptions } from '../../../electron/localserver/index.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures');

/** Short polls and backoff: tests that need the real 1/2/4 s pass their own timing. */
export const FAST_TIMING: NonNullable<EngineOptions['timing']> = {
  poll: { firstMs: 50, maxMs: 150, stallAfterMs: 20_000 },
  retry: { backoffBaseMs: 50 },
  progressIntervalMs: 50,
};

export interface World {
  /** The temp folder holding everything below. */
  dir: string;
  /** Where fixtures are copied (and results land by default). */
  inDir: string;
  stateDir: string;
  server: LocalServer;
  engines: Engine[];
  /** Copies a fixture into the world's input folder (optionally renamed); returns its path. */
  fixture(name: string, as?: string): Promise<string>;
  engine(options?: Partial<EngineOptions>): Promise<Engine>;
  /** Files left anywhere under the world's folder, relative paths. */
  files(): Promise<string[]>;
  close(): Promise<void>;
}

export async function makeWorld(serverOptions: LocalServerOptions = {}): Promise<World> {
  const dir = await mkdtemp(join(tmpdir(), 'ifc-engine-'));
  const inDir = join(dir, 'in');
  await mkdir(inDir);
  const server = await startLocalServer({ tokens: 10_000, ...serverOptions });
  const world: World = {
    dir,
    inDir,
    stateDir: join(dir, 'state'),
    server,
    engines: [],
    async fixture(name, as) {
      const target = join(inDir, as ?? name);
      await copyFile(join(FIXTURES, name), target);
      return target;
    },
    async engine(options = {}) {
      const made = await createEngine({
        api: { url: server.url, key: server.key },
        stateDir: world.stateDir,
        timing: FAST_TIMING,
        ...options,
      });
      if (!made.ok) throw new Error(`engine: ${made.error.code}`);
      world.engines.push(made.value);
      return made.value;
    },
    async files() {
      const entries = await readdir(dir, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
        .sort();
    },
    async close() {
      for (const engine of world.engines) await engine.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** Every file under `dir` whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path)).includes(needle)) hits.push(path);
  }
  return hits;
}

/** Resolves with the first value of `event` that `match` accepts. */
export function nextEvent<T>(
  on: (listener: (payload: T) => void) => () => void,
  match: (payload: T) => boolean,
): Promise<T> {
  return new Promise((resolve) => {
    const off = on((payload) => {
      if (match(payload)) {
        off();
        resolve(payload);
      }
    });
  });
}
