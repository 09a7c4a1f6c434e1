import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The visitor app, served by Parley at /widget/app/ inside the loader's iframe.
export default defineConfig({
  base: '/widget/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // @parley/ui is written against React's hooks; here Preact's serve them (src/app/react.ts).
  resolve: { alias: [{ find: /^react$/, replacement: fileURLToPath(new URL('src/app/react.ts', import.meta.url)) }] },
  build: { outDir: 'dist/app', emptyOutDir: true, target: 'es2022' },
});
