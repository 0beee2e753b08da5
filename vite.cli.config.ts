import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import pkg from './package.json' with { type: 'json' };

// `ifc` for plain Node (the package's `bin`): ESM files; npm dependencies stay external
// (they are installed next to it), Node built-ins are never bundled. The local server's
// conversion process is a second entry beside it.
//
// Except undici and zod, which are bundled in: every command that talks to the API loads both,
// and Node finding and loading their ~200 separate files cost more than the command's own work.
// Measured side by side, old and new bundle alternated 7 times (CPU, user + system, medians):
// `ifc convert` of one file 660 -> 550 ms, `ifc jobs` 440 -> 310 ms; `--version` and `formats`
// unchanged (80 / 150 ms; `node -e 0` is 70 ms). Both packages are plain JavaScript with no
// native part; their licences (MIT) go next to the bundle (the licence step below).
const BUNDLED = new Set(['undici', 'zod']);
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies ?? {}).filter((name) => !BUNDLED.has(name)),
].map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/.*)?$`));

/** Bundled code keeps its licence beside it: THIRD-PARTY-LICENSES.txt next to ifc.js. */
function bundledLicences(): Plugin {
  return {
    name: 'bundled-licences',
    generateBundle() {
      const texts = [...BUNDLED].map((name) => {
        const dir = join(import.meta.dirname, 'node_modules', name);
        const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
        if (!file) throw new Error(`${name} has no licence file to ship with the bundle`);
        const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          version: string;
        };
        return `${name} ${version}\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
      });
      this.emitFile({ type: 'asset', fileName: 'THIRD-PARTY-LICENSES.txt', source: texts.join('\n---\n\n') });
    },
  };
}

export default defineConfig({
  plugins: [bundledLicences()],
  // An SSR build leaves every dependency external unless named here.
  ssr: { noExternal: [...BUNDLED] },
  build: {
    ssr: true,
    target: 'node22',
    outDir: 'out/cli',
    emptyOutDir: true,
    minify: false,
    rollupOptions: {
      // conversion-child.js must sit next to ifc.js: the local server forks it by that path
      // (electron/localserver/conversion-process.ts), and shared chunks stay beside them.
      input: {
        ifc: resolve(import.meta.dirname, 'electron/cli/ifc.ts'),
        'conversion-child': resolve(import.meta.dirname, 'electron/localserver/conversion-child.ts'),
      },
      external,
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
