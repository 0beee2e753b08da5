// Builds an app service over a temp userData folder, with recording platform adapters, for
// the desktop integration tests. The engine and local server are the real ones.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayloads } from '../../../shared/ipc/contract.ts';
import {
  type AppService,
  type AppServiceOptions,
  createAppService,
} from '../../../electron/app-service/service.ts';
import { createMemoryKeyStore, type KeyStore } from '../../../electron/engine/storage/keychain.ts';
import { FAST_ENGINE_TIMING } from '../../support/wait.ts';

export const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures');

export interface Recorded {
  shown: string[];
  opened: string[];
  notices: { title: string; body: string }[];
  progress: (number | undefined)[];
  events: { name: EventName; at: number; payload: unknown }[];
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'ifc-desktop-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Copies fixtures into `dir` (the fixtures folder is read-only) and returns their paths. */
export async function copyFixtures(dir: string, names: string[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  return Promise.all(
    names.map(async (name) => {
      await copyFile(join(FIXTURES, name), join(dir, name));
      return join(dir, name);
    }),
  );
}

export async function startService(
  userDataDir: string,
  extra: Partial<AppServiceOptions> & {
    choose?: string[];
    folder?: string;
    keyStore?: KeyStore;
    /** What the save dialog of an export answers. */
    saveAs?: string;
  } = {},
): Promise<{ service: AppService; recorded: Recorded }> {
  const recorded: Recorded = { shown: [], opened: [], notices: [], progress: [], events: [] };
  const service = await createAppService({
    userDataDir,
    stateDir: join(userDataDir, 'State'),
    version: '0.0.0-test',
    keyStore: extra.keyStore ?? createMemoryKeyStore(),
    env: extra.env ?? {},
    noticeWindowMs: extra.noticeWindowMs ?? 50,
    engineTiming: { ...FAST_ENGINE_TIMING, ...extra.engineTiming },
    ...(extra.eventIntervalMs ? { eventIntervalMs: extra.eventIntervalMs } : {}),
    ...(extra.fileManagerMenu ? { fileManagerMenu: extra.fileManagerMenu } : {}),
    ...(extra.resolveProxy ? { resolveProxy: extra.resolveProxy } : {}),
    ...(extra.keychainDeadline ? { keychainDeadline: extra.keychainDeadline } : {}),
    ...(extra.updateFeed ? { updateFeed: extra.updateFeed } : {}),
    ...(extra.updateClock ? { updateClock: extra.updateClock } : {}),
    platform: {
      chooseFiles: async () => extra.choose,
      chooseFolder: async () => extra.folder,
      chooseSaveFile: async () => extra.saveAs,
      showInFolder: (path) => recorded.shown.push(path),
      openPath: async (path) => {
        recorded.opened.push(path);
        return '';
      },
      notify: (title, body) => recorded.notices.push({ title, body }),
      setProgress: (fraction) => recorded.progress.push(fraction),
    },
  });
  const names: EventName[] = [
    'jobs:changed',
    'batch:finished',
    'balance:changed',
    'engine:status',
    'settings:changed',
    'key:changed',
    'history:changed',
    'files:staged',
    'update:changed',
  ];
  for (const name of names) {
    service.on(name, (payload: EventPayloads[typeof name]) =>
      recorded.events.push({ name, at: Date.now(), payload }),
    );
  }
  return { service, recorded };
}

export function eventsNamed<E extends EventName>(recorded: Recorded, name: E): EventPayloads[E][] {
  return recorded.events
    .filter((event) => event.name === name)
    .map((event) => event.payload as EventPayloads[E]);
}

export { waitFor } from '../../support/wait.ts';
