// `ifc` speaks the shell's language (LC_ALL, then LC_MESSAGES, then LANG) in its human lines,
// and prints byte-for-byte the same JSON whatever the language: codes and sentences in English.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../engine/support.ts';
import { runIfc } from './support.ts';

const worlds: World[] = [];
afterEach(async () => {
  for (const world of worlds.splice(0)) await world.close();
});

async function worldWithFiles(): Promise<World> {
  const world = await makeWorld();
  worlds.push(world);
  await world.fixture('sales.csv');
  await world.fixture('encrypted.pdf');
  return world;
}

function envFor(world: World, language: Record<string, string>) {
  return {
    IFC_API_URL: world.server.url,
    IFC_API_KEY: world.server.key,
    IFC_STATE_DIR: world.stateDir,
    HOME: world.dir,
    XDG_CONFIG_HOME: join(world.dir, 'config'),
    ...language,
  };
}

/** The JSON a run printed, without what differs between any two runs (ids, temp folders). */
function comparable(stdout: string, dir: string): unknown[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((text) => JSON.parse(text.replaceAll(dir, '<dir>')) as Record<string, unknown>)
    .filter((line) => line.type === 'summary' || line.state === 'completed' || line.state === 'failed')
    .map(({ id: _id, ...rest }) => rest)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('ifc in the shell language', () => {
  it('prints German lines with LANG=de_DE.UTF-8', async () => {
    const world = await worldWithFiles();
    const run = await runIfc(
      ['convert', world.inDir, '--to', 'xlsx'],
      envFor(world, { LANG: 'de_DE.UTF-8' }),
    );
    expect(run.code).toBe(1); // one file failed
    expect(run.stdout).toMatch(
      /^fehlgeschl\. +encrypted\.pdf: Diese Datei ist passwortgeschützt\. Entfernen Sie das Passwort und versuchen Sie es erneut\.$/m,
    );
    expect(run.stdout).toMatch(/^fertig +sales\.csv -> .*sales\.xlsx$/m);
    expect(run.stdout).toMatch(
      /^1 fertig, 1 fehlgeschlagen, 0 offen, 0 übersprungen; \d+ Token verbraucht, Guthaben [\d.]+\.$/m,
    );
    expect(run.stdout).not.toMatch(/completed|failed/);

    const missing = await runIfc(
      ['convert', join(world.inDir, 'nirgends.pdf'), '--to', 'xlsx'],
      envFor(world, { LANG: 'de_DE.UTF-8' }),
    );
    expect(missing.stderr).toContain('Diese Datei gibt es nicht mehr.');
  });

  it('lets LC_ALL and LC_MESSAGES win over LANG, and C mean English', async () => {
    const world = await worldWithFiles();
    const jobs = (language: Record<string, string>) => runIfc(['jobs'], envFor(world, language));
    expect((await jobs({ LANG: 'de_DE.UTF-8', LC_ALL: 'ja_JP.UTF-8' })).stdout).toBe(
      'ジャーナルにジョブはありません。\n',
    );
    expect((await jobs({ LANG: 'de_DE.UTF-8', LC_MESSAGES: 'es_ES.UTF-8' })).stdout).toBe(
      'El registro no contiene trabajos.\n',
    );
    expect((await jobs({ LANG: 'C.UTF-8' })).stdout).toBe('The journal holds no jobs.\n');
  });

  it('prints the same JSON in German as in English', async () => {
    const german = await worldWithFiles();
    const english = await worldWithFiles();
    const args = (world: World) => ['convert', world.inDir, '--to', 'xlsx', '--json'];
    const [de, en] = await Promise.all([
      runIfc(args(german), envFor(german, { LANG: 'de_DE.UTF-8' })),
      runIfc(args(english), envFor(english, { LANG: 'C.UTF-8' })),
    ]);
    expect(de.code).toBe(en.code);
    const deLines = comparable(de.stdout, german.dir);
    expect(deLines).toEqual(comparable(en.stdout, english.dir));
    // The failure is told by its stable code and the English sentence, whatever LANG says.
    expect(deLines).toContainEqual(
      expect.objectContaining({
        state: 'failed',
        error: {
          code: 'encrypted_input',
          message: 'This file is password-protected. Remove the password and try again.',
        },
      }),
    );
  });
});
