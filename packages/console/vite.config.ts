import { defineConfig } from 'vite';

// The consultant console, served by Parley at /console/.
export default defineConfig({
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // [CB4] The co-browsing replay is a page of its own, with its own CSP (see replayMain.ts).
    rollupOptions: { input: { main: 'index.html', replay: 'replay.html' } },
  },
});
