// Run as a child process by keychain.test.ts with the session bus pointing nowhere: prints,
// as JSON, what the keychain store and the app service say when no keychain is reachable.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppService } from '../../../electron/app-service/service.ts';
import { createKeychainStore } from '../../../electron/engine/storage/keychain.ts';
import { headlessPlatform } from '../../support/headless-platform.ts';
import { startLocalServer } from '../../../electron/localserver/index.ts';

const service = process.argv[2] ?? 'iFileConverter Desktop (probe)';
const store = createKeychainStore(service);
const outcome = async (run: () => Promise<unknown>) => {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? String(error) };
  }
};
const report: Record<string, unknown> = {
  available: await store.available(),
  get: await outcome(() => store.get('https://api.example.test')),
  set: await outcome(() => store.set('https://api.example.test', 'ifc_probe_key_0000')),
  delete: await outcome(() => store.delete('https://api.example.test')),
};

// The whole path a person takes: Settings -> paste key -> Save.
const server = await startLocalServer({ tokens: 10 });
const userData = await mkdtemp(join(tmpdir(), 'ifc-nokeychain-'));
const app = await createAppService({
  userDataDir: userData,
  stateDir: join(userData, 'State'),
  version: 'probe',
  keyStore: store,
  env: {},
  platform: headlessPlatform(),
});
await app.handlers['settings:update']({ patch: { endpoint: { kind: 'cloud', url: server.url } } });
report.snapshotKey = await app.handlers['app:snapshot']({}).then((r) => (r.ok ? r.value.key : r.error));
report.save = await app.handlers['key:set']({ key: server.key, sessionOnly: false });
report.session = await app.handlers['key:set']({ key: server.key, sessionOnly: true });
let leaked = false;
for (const name of await readdir(userData, { recursive: true })) {
  const text = await readFile(join(userData, String(name)), 'utf8').catch(() => '');
  if (text.includes(server.key)) leaked = true;
}
report.keyWrittenToDisk = leaked;
await app.close();
await server.close();
await rm(userData, { recursive: true, force: true });
process.stdout.write(JSON.stringify(report));
