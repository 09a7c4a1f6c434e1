import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import ts from 'typescript';
import { defineConfig, type Plugin } from 'vite';

/**
 * [OB1] The loader must run on browsers that reject ES2015 syntax (Internet Explorer 11), so it
 * can tell their visitors what to do instead. Vite's toolchain lowers no further than ES2015, so
 * the finished bundle is lowered once more by TypeScript (ES5; helpers inlined) and minified
 * again by esbuild with an ES5 target. `loader/es5.test.ts` parses the result as ES5.
 */
export function downlevelToEs5(): Plugin {
  return {
    name: 'parley-loader-es5',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const lowered = ts.transpileModule(chunk.code, {
          compilerOptions: {
            // eslint-disable-next-line @typescript-eslint/no-deprecated -- ES5 output is the point ([OB1])
            target: ts.ScriptTarget.ES5,
            // The bundle is an IIFE with no imports left: nothing to rewrite.
            module: ts.ModuleKind.ESNext,
            // Iterates arrays and, where the browser has them, iterables alike.
            downlevelIteration: true,
            // TypeScript 6 deprecates ES5 output; this one bundle needs it on purpose.
            ignoreDeprecations: '6.0',
          },
        }).outputText;
        chunk.code = (await transform(lowered, { target: 'es5', minify: true })).code;
      }
    },
  };
}

// The loader: one small IIFE the customer's page includes with a <script> tag.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    lib: { entry: 'src/loader.ts', name: 'ParleyLoader', formats: ['iife'], fileName: () => 'loader.js' },
  },
  plugins: [
    downlevelToEs5(),
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
