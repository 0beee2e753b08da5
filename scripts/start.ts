// `npm start`: build, then launch the app with the Electron binary, or say in one sentence
// why it cannot start (this project's CI machines have no Electron binary and no network).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary } from './electron-binary.ts';

const root = join(import.meta.dirname, '..');
const binary = findElectronBinary();
if (!binary) {
  process.stderr.write(
    'Cannot start the app: no Electron binary is installed here (run `npx install-electron` on a machine with network access, or set ELECTRON_OVERRIDE_DIST_PATH); `ifc` works without it.\n',
  );
  process.exit(1);
}
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
