import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// `ifc` for plain Node (the package's `bin`): one ESM file; npm dependencies stay external
// (they are installed next to it), Node built-ins are never bundled. The local server's
// conversion process is a second entry beside it.
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies ?? {}),
].map((name) => new RegExp(`^${name.replace(/[/.]/g, '\\$&')}(/.*)?$`));

export default defineConfig({
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
