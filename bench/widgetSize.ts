import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { supportedLocales } from '../packages/i18n/src/core.ts';

/**
 * Gzipped sizes of the built loader and of what a visitor downloads to open the app (run `npm run
 * build` first): its HTML, CSS and JavaScript with one language's strings — the largest, Polish
 * in practice. The other languages' chunks are fetched only on a language switch.
 */
export function widgetSizes(dist = 'packages/widget/dist'): { loaderKiB: number; appKiB: number } {
  const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length / 1024;
  const assets = join(dist, 'app/assets');
  const files = readdirSync(assets).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const isLocaleChunk = (f: string) => supportedLocales.some((locale) => f.startsWith(`${locale}-`));
  const largestLocale = Math.max(0, ...files.filter(isLocaleChunk).map((f) => gz(join(assets, f))));
  const app = files
    .filter((f) => !isLocaleChunk(f))
    .reduce((sum, f) => sum + gz(join(assets, f)), gz(join(dist, 'app/index.html')) + largestLocale);
  return { loaderKiB: gz(join(dist, 'loader.js')), appKiB: app };
}
