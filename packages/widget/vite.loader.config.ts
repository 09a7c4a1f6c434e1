import { defineConfig } from 'vite';

// The loader: one small IIFE the customer's page includes with a <script> tag.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: { entry: 'src/loader.ts', name: 'ParleyLoader', formats: ['iife'], fileName: () => 'loader.js' },
  },
});
