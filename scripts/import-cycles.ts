/**
 * Lists import circles among the TypeScript files under a folder (default packages/server/src),
 * type-only imports included: a circle of types is still a circle for someone reading the code.
 * With `--folders`, each folder counts as one module (domain/live ↔ domain/chat is a circle even
 * when no single file imports itself back). Exits 1 when there is one.
 * Usage: node --import tsx scripts/import-cycles.ts [--folders] [folder]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const args = process.argv.slice(2);
const byFolder = args.includes('--folders');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? 'packages/server/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

const files = sources(root);
const known = new Set(files);
const importPattern = /^\s*(?:import|export)\b[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/gm;
const nodeOf = (file: string): string => (byFolder ? dirname(file) : file);
const edges = new Map<string, string[]>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(importPattern)]
    .map((m) => resolve(dirname(file), m[1] ?? ''))
    .filter((target) => known.has(target))
    .map(nodeOf)
    .filter((target) => target !== nodeOf(file));
  edges.set(nodeOf(file), [...new Set([...(edges.get(nodeOf(file)) ?? []), ...targets])]);
}

// Tarjan's strongly connected components: every component of more than one file is a circle.
let index = 0;
const stack: string[] = [];
const onStack = new Set<string>();
const indices = new Map<string, number>();
const lowlinks = new Map<string, number>();
const circles: string[][] = [];
function visit(file: string): void {
  indices.set(file, index);
  lowlinks.set(file, index);
  index += 1;
  stack.push(file);
  onStack.add(file);
  for (const next of edges.get(file) ?? []) {
    if (!indices.has(next)) {
      visit(next);
      lowlinks.set(file, Math.min(lowlinks.get(file) ?? 0, lowlinks.get(next) ?? 0));
    } else if (onStack.has(next)) {
      lowlinks.set(file, Math.min(lowlinks.get(file) ?? 0, indices.get(next) ?? 0));
    }
  }
  if (lowlinks.get(file) !== indices.get(file)) return;
  const component: string[] = [];
  let member: string | undefined;
  do {
    member = stack.pop();
    if (member === undefined) break;
    onStack.delete(member);
    component.push(member);
  } while (member !== file);
  if (component.length > 1 || (edges.get(file) ?? []).includes(file)) circles.push(component);
}
for (const node of edges.keys()) if (!indices.has(node)) visit(node);

for (const circle of circles) {
  process.stdout.write(
    `circle: ${circle
      .map((f) => relative(root, f))
      .sort()
      .join(' ↔ ')}\n`,
  );
}
process.stdout.write(`${edges.size} ${byFolder ? 'folders' : 'files'}, ${circles.length} import circle(s)\n`);
process.exitCode = circles.length > 0 ? 1 : 0;
