import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Gzipped sizes of the built loader and visitor app (run `npm run build` first). */
export function widgetSizes(dist = 'packages/widget/dist'): { loaderKiB: number; appKiB: number } {
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
  const assets = join(dist, 'app/assets');
  const app = readdirSync(assets)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .reduce((sum, f) => sum + gz(join(assets, f)), gz(join(dist, 'app/index.html')));
  return { loaderKiB: gz(join(dist, 'loader.js')), appKiB: app };
}
