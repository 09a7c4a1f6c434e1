/**
 * [OP5] Compiles the server for production: one ES module bundle, `packages/server/dist/main.js`,
 * with the workspace packages (@parley/protocol, @parley/i18n, …, which export TypeScript sources)
 * compiled into it, and the SQLite worker beside it as `sqlite-worker.js`. Dependencies from
 * node_modules stay plain imports. The result runs with `node` alone — no TypeScript loader.
 */
import { resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const server = resolve(root, 'packages/server');

/** Every bare import except the workspace's own packages is left for Node to resolve at run time. */
const dependenciesStayExternal: Plugin = {
  name: 'dependencies-stay-external',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@parley/') ? undefined : { external: true },
    );
  },
};

const started = performance.now();
await build({
  entryPoints: {
    main: resolve(server, 'src/main.ts'),
    'sqlite-worker': resolve(server, 'src/storage/sqlite/worker.ts'),
  },
  outdir: resolve(server, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Stack traces point into the TypeScript sources.
  sourcesContent: false,
  plugins: [dependenciesStayExternal],
  logLevel: 'warning',
});
process.stdout.write(`server compiled to packages/server/dist in ${Math.round(performance.now() - started)} ms\n`);
