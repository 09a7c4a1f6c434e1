import { defineConfig } from 'vite';

// The visitor app, served by Parley at /widget/app/ inside the loader's iframe.
export default defineConfig({
  base: '/widget/app/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist/app', emptyOutDir: true, target: 'es2022' },
});
