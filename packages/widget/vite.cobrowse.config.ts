import { defineConfig } from 'vite';

// [CB1] The co-browsing chunk: one ES module the loader imports from Parley only when the visitor
// shares the page (served with CORS, like any public script imported across origins).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: { entry: 'src/cobrowse/recorder.ts', formats: ['es'], fileName: () => 'cobrowse.js' },
  },
});
