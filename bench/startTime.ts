import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * [OP5] `node --import tsx bench/startTime.ts [runs]`: how long a server takes from spawn until
 * `/healthz` answers, from TypeScript through tsx (as before) and compiled (`npm start` now).
 * Each run restarts on the same data folder (a warm restart, the case that matters in
 * production); the first, which creates the database, is reported apart. The commands take
 * turns, so a busy machine slows each alike; CPU time (user + system, all threads, from /proc)
 * is printed beside wall time because it depends far less on what else the machine runs.
 * Run `npm run build:server` first. Prints figures, asserts nothing.
 */
const runs = Number(process.argv[2] ?? 7);
const port = Number(process.env.BENCH_PORT ?? 8895);

const commands = {
  'source (node --import tsx src/main.ts)': ['--import', 'tsx', resolve('packages/server/src/main.ts')],
  'compiled (node dist/main.js)': [resolve('packages/server/dist/main.js')],
  'compiled, source maps (npm start)': ['--enable-source-maps', resolve('packages/server/dist/main.js')],
};

/** CPU time the process has used so far, in ms (Linux: utime + stime in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

interface Start {
  wallMs: number;
  cpuMs: number;
}

async function startOnce(args: string[], dataDir: string): Promise<Start> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), PARLEY_DATA_DIR: dataDir, PARLEY_JANUS: 'off', LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  const exited = new Promise((done) => child.once('exit', done));
  try {
    for (;;) {
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return { wallMs: performance.now() - started, cpuMs: cpuMs(child.pid ?? 0) };
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const fmt = (ms: number): string => `${Math.round(ms)} ms`.padStart(8);
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const entries = Object.entries(commands).map(([name, args]) => ({
  name,
  args,
  dataDir: mkdtempSync(join(tmpdir(), 'parley-start-')),
  first: undefined as Start | undefined,
  restarts: [] as Start[],
}));
for (const entry of entries) entry.first = await startOnce(entry.args, entry.dataDir);
for (let i = 0; i < runs; i++) {
  for (const entry of entries) entry.restarts.push(await startOnce(entry.args, entry.dataDir));
}
process.stdout.write(`${runs} restarts each, taking turns; median (min–max)\n`);
for (const { name, first, restarts } of entries) {
  const walls = restarts.map((s) => s.wallMs);
  process.stdout.write(
    `${name.padEnd(40)} restart wall ${fmt(median(walls))} (${Math.round(Math.min(...walls))}–${Math.round(Math.max(...walls))})` +
      `  CPU ${fmt(median(restarts.map((s) => s.cpuMs)))}   first start wall ${fmt(first?.wallMs ?? 0)} CPU ${fmt(first?.cpuMs ?? 0)}\n`,
  );
}
