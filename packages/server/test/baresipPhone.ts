import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether Debian's baresip and sox are installed (scripts/test.sh installs them as root). */
export const hasBaresip =
  spawnSync('sh', ['-c', 'command -v baresip && command -v sox'], { stdio: 'ignore' }).status === 0;

interface PhoneOptions {
  /** The tone the phone sends (0: silence). */
  toneHz?: number;
  lifetimeS?: number;
  /** What the phone offers: G.711 (the default) or Opus only. */
  codec?: 'g711' | 'opus';
}

/**
 * [TP1] A real SIP phone for tests: Debian's baresip, driven over its UDP console (`cons.so`),
 * sending a 440 Hz tone as G.711, DTMF as RFC 4733, and recording both directions of the call as
 * WAV (`sndfile.so`), which `sox` measures (docs: /work/shared/notes/sip-testing.md).
 */
export class BaresipPhone {
  private log = '';
  /** One socket for console commands: baresip answers each command to its sender, into the log. */
  private readonly console = createSocket('udp4');
  private constructor(
    private readonly dir: string,
    private readonly process: ChildProcess,
    private readonly consolePort: number,
  ) {
    process.stdout?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    process.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString()));
    this.console.on('message', (reply) => (this.log += reply.toString()));
  }

  /**
   * Starts a phone that sends a sine tone of `toneHz` (0: silence); it quits by itself after
   * `lifetimeS`. baresip also binds the SIP port + 1 (TLS), and ports probed free can be taken by
   * the time it binds them (a browser's ICE, another phone), so a phone whose sockets did not all
   * bind is stopped and started again on other ports.
   */
  static async start(options: PhoneOptions = {}): Promise<BaresipPhone> {
    for (let attempt = 1; ; attempt++) {
      const phone = await BaresipPhone.startOnce(options);
      const ready = await phone.waitFor(/baresip is ready|init failed/).catch(() => 'no answer');
      if (ready.includes('ready') && !/Address already in use/.test(phone.output)) return phone;
      await phone.stop();
      if (attempt === 4) throw new Error(`baresip did not start; its output:\n${phone.output}`);
    }
  }

  private static async startOnce(options: PhoneOptions): Promise<BaresipPhone> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-baresip-'));
    mkdirSync(join(dir, 'rec'));
    const [sipPort = 0, consolePort = 0] = await freePorts(2);
    if (consolePort === sipPort + 1) return BaresipPhone.startOnce(options); // TLS takes SIP + 1
    const rtpStart = 30000 + Math.floor(Math.random() * 500) * 20;
    writeFileSync(
      join(dir, 'config'),
      [
        'poll_method epoll',
        `sip_listen 127.0.0.1:${sipPort}`,
        `audio_source ausine,${options.toneHz ?? 440}`,
        'ausrc_srate 48000',
        'auplay_srate 48000',
        'ausrc_channels 2',
        'auplay_channels 2',
        `audio_player aufile,${join(dir, 'play.wav')}`,
        `audio_alert aufile,${join(dir, 'alert.wav')}`,
        'module_path /usr/lib/baresip/modules',
        'module cons.so',
        // [TP2] A phone that offers Opus only, or G.711 only.
        options.codec === 'opus' ? 'module opus.so' : 'module g711.so',
        'module ausine.so',
        'module aufile.so',
        'module sndfile.so',
        'module_app menu.so',
        'module_app account.so',
        `cons_listen 127.0.0.1:${consolePort}`,
        `snd_path ${join(dir, 'rec')}`,
        `rtp_ports ${rtpStart}-${rtpStart + 19}`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'accounts'), `<sip:caller@127.0.0.1:${sipPort}>;regint=0\n`);
    const child = spawn('baresip', ['-f', dir, '-t', String(options.lifetimeS ?? 60)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new BaresipPhone(dir, child, consolePort);
  }

  /** Sends one console command (`/dial …`, `/sndcode 1234#`, `/hangup`). */
  async command(line: string): Promise<void> {
    await new Promise<void>((resolve) =>
      this.console.send(line + '\n', this.consolePort, '127.0.0.1', () => resolve()),
    );
  }

  /** Dials `uri` and waits until the call is answered; `transport` picks UDP or TCP. */
  async dial(uri: string): Promise<void> {
    // The console has dropped a command sent right after start now and then: dial again until
    // baresip shows it is calling.
    for (let attempt = 1; ; attempt++) {
      const before = this.mark;
      await this.command(`/dial ${uri}`);
      try {
        await this.waitFor(/call: connecting/i, 2000, before);
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
    await this.waitFor(/call established/i);
  }

  /** Waits for a line matching `pattern` in baresip's output (new output only after `since`). */
  async waitFor(pattern: RegExp, timeoutMs = 15_000, since = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.log.slice(since));
      if (match) return match[0];
      if (Date.now() > deadline || this.process.exitCode !== null) {
        throw new Error(`baresip never said ${String(pattern)}; its output:\n${this.log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** How much output there is so far (for `waitFor(…, since)`). */
  get mark(): number {
    return this.log.length;
  }

  /**
   * RMS amplitude (0…1) of what the phone heard (`dec`) or sent (`enc`) in its last call, from
   * `fromSeconds` on (negative: that many seconds before the end).
   */
  recordedRms(direction: 'dec' | 'enc', fromSeconds = 0): number {
    const file = this.lastRecording(direction);
    if (!file) throw new Error(`no ${direction} recording; output:\n${this.log}`);
    const path = join(this.dir, 'rec', file);
    // A recording still being written has no length in its header: count from the file's size.
    const wav = readFileSync(path);
    const bytesPerSecond = wav.readUInt32LE(24) * wav.readUInt16LE(22) * 2;
    const start = fromSeconds >= 0 ? fromSeconds : Math.max(0, (wav.length - 44) / bytesPerSecond + fromSeconds);
    const result = spawnSync(
      'sox',
      [
        '-t',
        'raw',
        '-r',
        String(wav.readUInt32LE(24)),
        '-c',
        String(wav.readUInt16LE(22)),
        '-e',
        'signed',
        '-b',
        '16',
        '-L',
        '-',
        '-n',
        'trim',
        start.toFixed(3),
        'stat',
      ],
      {
        input: wav.subarray(44),
        encoding: 'utf8',
      },
    );
    const rms = /RMS\s+amplitude:\s+([\d.]+)/.exec(result.stderr)?.[1];
    if (!rms) throw new Error(`sox could not measure ${file}: ${result.stderr}`);
    return Number(rms);
  }

  /** Seconds recorded so far in the last call (grows while the call runs), from the WAV header's format. */
  recordedSeconds(direction: 'dec' | 'enc'): number {
    const file = this.lastRecording(direction);
    if (!file) return 0;
    const wav = readFileSync(join(this.dir, 'rec', file));
    if (wav.length < 44) return 0;
    return (wav.length - 44) / (wav.readUInt32LE(24) * wav.readUInt16LE(22) * 2);
  }

  /** Size of the recording in bytes (grows while the call runs). */
  recordingBytes(direction: 'dec' | 'enc'): number {
    const file = this.lastRecording(direction);
    return file ? readFileSync(join(this.dir, 'rec', file)).length : 0;
  }

  /** The newest recording of a direction: the files are named by the call's start time. */
  private lastRecording(direction: 'dec' | 'enc'): string | undefined {
    return readdirSync(join(this.dir, 'rec'))
      .filter((name) => name.endsWith(`-${direction}.wav`))
      .sort()
      .at(-1);
  }

  get output(): string {
    return this.log;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      await this.command('/quit');
      const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    this.console.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    ports.push(typeof address === 'object' && address ? address.port : 0);
    await new Promise((resolve) => server.close(resolve));
  }
  return ports;
}
