import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

/** Builds the loader as `npm run build` does, in memory, and returns its one chunk. */
async function buildLoader(): Promise<string> {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const output = (await build({
    root,
    configFile: `${root}/vite.loader.config.ts`,
    logLevel: 'silent',
    build: { write: false },
  })) as Rolldown.RolldownOutput[] | Rolldown.RolldownOutput;
  const chunk = (Array.isArray(output) ? output : [output])
    .flatMap((o) => o.output)
    .find((file) => file.type === 'chunk' && file.fileName === 'loader.js');
  if (chunk?.type !== 'chunk') throw new Error('no loader.js in the build');
  return chunk.code;
}

describe('the built loader', () => {
  it('[OB1] parses as ES5, so Internet Explorer 11 runs it and can show the notice; ≤ 10 KiB gzip', async () => {
    const code = await buildLoader();
    // Throws on the first ES2015+ construct (let/const, arrows, classes, template literals, …).
    expect(() => parse(code, { ecmaVersion: 5 })).not.toThrow();
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(10 * 1024);
  });
});
