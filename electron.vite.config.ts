import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// main: ESM for Electron's Node, dependencies left in node_modules (native keyring, sharp).
// preload: ONE self-contained CommonJS file, because sandboxed preloads cannot require()
// anything but electron. renderer: the React page, loaded from file:// with a strict CSP.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // conversion-child.js must sit next to index.js: the in-app local server forks it by that
      // path (electron/localserver/conversion-process.ts).
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          'conversion-child': resolve(import.meta.dirname, 'electron/localserver/conversion-child.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
