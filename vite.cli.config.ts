import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// `ifc` for plain Node (the package's `bin`): one ESM file; npm dependencies stay external
// (they are installed next to it), Node built-ins are never bundled.
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
      input: { ifc: resolve(import.meta.dirname, 'electron/cli/ifc.ts') },
      external,
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
