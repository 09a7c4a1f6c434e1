import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

// The loader: one small IIFE the customer's page includes with a <script> tag.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: { entry: 'src/loader.ts', name: 'ParleyLoader', formats: ['iife'], fileName: () => 'loader.js' },
  },
  plugins: [
    {
      // [EA7] The API's TypeScript declarations are served next to the loader (/widget/loader.d.ts).
      name: 'parley-embed-types',
      generateBundle() {
        const source = readFileSync(new URL('src/embed.d.ts', import.meta.url), 'utf8');
        this.emitFile({ type: 'asset', fileName: 'loader.d.ts', source });
      },
    },
  ],
});
