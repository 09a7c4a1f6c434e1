import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * [NW1] The network lab: network namespaces on this machine that stand for the internet, a
 * visitor at home behind a NAT router and a consultant in an office behind another one.
 *
 * ```
 *  vis 198.19.1.2 ── vnat (symmetric NAT) 198.18.1.2 ──┐
 *                                                      pub: 198.18.0.1 = coturn + Parley
 *  con 198.19.2.2 ── cnat (symmetric NAT) 198.18.2.2 ──┘    198.19.255.x ── root (the test runner)
 *                                            sfu 198.18.3.2 ─┘  (Janus: a media server with a public address)
 * ```
 *
 * Both routers masquerade with `--random-fully`: every new destination gets a new random port
 * (address-and-port-dependent mapping) and only replies come back in (conntrack), so no pair of
 * host or server-reflexive candidates can reach the other side — only a TURN relay can. The
 * machine itself is left alone: every address is on the lab's own veths or the `pub` namespace's
 * loopback (the 198.18.0.0/15 benchmarking range), the only thing in the root namespace is one
 * veth to `pub`, and everything is named with a unique `plab-<id>` prefix that `cleanupLabs`
 * finds again after a crash.
 */
export const LAB_PREFIX = 'plab-';

/** The lab's fixed addresses (each lab has its own namespaces, so labs may run side by side). */
export const labAddresses = {
  /** Where coturn and Parley listen, on `pub`'s loopback: "the internet's" server. */
  server: '198.18.0.1',
  /**
   * [NW8] Janus's host on the "internet", in its own namespace `sfu` behind `pub` (not on pub's
   * loopback: Janus gathers no candidate on a loopback interface, and it sends from the interface
   * it gathered on). Not in coturn's denied ranges, so the relay reaches it.
   */
  sfu: '198.18.3.2',
  visitorRouterWan: '198.18.1.2',
  consultantRouterWan: '198.18.2.2',
  visitor: '198.19.1.2',
  consultant: '198.19.2.2',
} as const;

export type LabHost = 'pub' | 'vnat' | 'vis' | 'cnat' | 'con' | 'sfu';
export type LabSide = 'visitor' | 'consultant';

/** How the visitor's router treats traffic; the consultant's is always a plain symmetric NAT. */
export interface LinkProfile {
  /** Drop every UDP datagram leaving the visitor's network: only TURN over TCP or TLS gets through. */
  blockUdp?: boolean;
  /** Random loss on the visitor's link, both directions (iptables `statistic`), 0–100. */
  lossPercent?: number;
  /** Rate cap on the visitor's link, both directions (`tc tbf`), in kbit/s. */
  rateKbit?: number;
  /**
   * [NW9] Added one-way delay, each direction, in ms (the round trip grows by twice this), with up
   * to ± `jitterMs` drawn per datagram: the visitor's UDP to coturn passes the userspace relay
   * (udpDelayRelay.ts) in their router, and UDP to anywhere else is dropped, so every datagram of
   * the call takes the visitor's own TURN allocation and so the relay. TURN over TCP is blocked then.
   */
  delayMs?: number;
  jitterMs?: number;
}

/** Where the delay relay listens inside the visitor's router. */
const DELAY_RELAY_PORT = 13478;

export interface LabOptions {
  /** Both routers: `symmetric` (the default) or `port-preserving` (a direct path exists: a control). */
  nat: 'symmetric' | 'port-preserving';
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Why the lab cannot run here (not root, no `ip`/`iptables`/`turnserver`, no namespaces), or null. */
export function labUnavailableReason(): string | null {
  if (process.getuid?.() !== 0) return 'the network lab needs root (network namespaces, iptables)';
  for (const tool of ['ip', 'iptables', 'tc', 'turnserver']) {
    try {
      run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      return `the network lab needs \`${tool}\` (apt-get install iproute2 iptables coturn)`;
    }
  }
  const probe = `${LAB_PREFIX}probe-${randomBytes(3).toString('hex')}`;
  try {
    run('ip', ['netns', 'add', probe]);
    run('ip', ['netns', 'exec', probe, 'iptables', '-L', '-n']);
  } catch (error) {
    return `network namespaces or iptables in them are not available: ${String(error).split('\n')[0] ?? ''}`;
  } finally {
    try {
      run('ip', ['netns', 'del', probe]);
    } catch {
      // The probe was never created.
    }
  }
  return null;
}

export class NetworkLab {
  readonly id: string;
  readonly dir: string;
  /** The address through which the test runner (root namespace) reaches `pub`. */
  readonly pubFromRoot: string;
  private readonly rootAddress: string;
  private readonly rootLink: string;
  private readonly children = new Set<ChildProcess>();
  private closed = false;
  /** The last byte of the visitor router's public address (198.18.1.x); [NW6] changes it. */
  private visitorWanHost = 2;
  /** [NW9] The delay relay of the current link profile, and when it listens. */
  private delayRelay: ChildProcess | undefined;
  private delayRelayReady: Promise<void> = Promise.resolve();

  private constructor(private readonly options: LabOptions) {
    this.id = randomBytes(2).toString('hex');
    this.dir = join(tmpdir(), `${LAB_PREFIX}${this.id}`);
    this.rootLink = `pl${this.id}r`;
    const slot = freeRootSlot();
    this.rootAddress = `198.19.255.${slot * 4 + 1}`;
    this.pubFromRoot = `198.19.255.${slot * 4 + 2}`;
  }

  /** Builds the namespaces, links, routes and NATs. On any failure it removes what it built. */
  static create(options: LabOptions = { nat: 'symmetric' }): NetworkLab {
    const lab = new NetworkLab(options);
    try {
      lab.build();
    } catch (error) {
      lab.close();
      throw error;
    }
    return lab;
  }

  ns(host: LabHost): string {
    return `${LAB_PREFIX}${this.id}-${host}`;
  }

  /** Runs a command inside one of the lab's namespaces and returns its stdout. */
  exec(host: LabHost, command: string, args: string[] = []): string {
    return run('ip', ['netns', 'exec', this.ns(host), command, ...args]);
  }

  /** Starts a long-running process inside a namespace; `close()` ends it. */
  spawn(host: LabHost, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.ns(host), command, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** A Chromium executable that runs inside the namespace of `side` (Playwright's `executablePath`). */
  chromium(side: LabSide): string {
    const path = join(this.dir, `chromium-${side}.sh`);
    writeFileSync(
      path,
      `#!/bin/sh\nexec ip netns exec ${this.ns(side === 'visitor' ? 'vis' : 'con')} /usr/bin/chromium "$@"\n`,
    );
    chmodSync(path, 0o755);
    return path;
  }

  /**
   * [NW6] The visitor's network changes under a live call, as from Wi-Fi to mobile data: their
   * router gets a new public address and forgets every mapping (removing the old address flushes
   * the NAT's conntrack entries), so every flow of the call — TURN allocations, relayed TCP, the
   * WebSocket — is cut and must be made anew.
   */
  changeVisitorAddress(): string {
    this.visitorWanHost += 1;
    const next = `198.18.1.${this.visitorWanHost}`;
    const previous = `198.18.1.${this.visitorWanHost - 1}`;
    this.exec('vnat', 'sysctl', ['-qw', 'net.ipv4.conf.wan0.promote_secondaries=1']);
    this.exec('vnat', 'ip', ['addr', 'add', `${next}/24`, 'dev', 'wan0']);
    this.exec('vnat', 'ip', ['addr', 'del', `${previous}/24`, 'dev', 'wan0']);
    this.exec('vnat', 'ip', ['route', 'replace', 'default', 'via', '198.18.1.1', 'src', next]);
    return next;
  }

  /**
   * [NW2] Sets the visitor's link: UDP blocked or not, loss, rate cap, delay and jitter, replacing
   * what was set. With delay, await `linkReady()` before the next call.
   */
  setVisitorLink(profile: LinkProfile): void {
    const ipt = (...args: string[]) => this.exec('vnat', 'iptables', args);
    ipt('-F', 'LAB_LINK');
    ipt('-t', 'nat', '-F', 'LAB_DELAY');
    this.delayRelay?.kill('SIGKILL');
    this.delayRelay = undefined;
    this.delayRelayReady = Promise.resolve();
    if (profile.blockUdp) ipt('-A', 'LAB_LINK', '-i', 'lan0', '-p', 'udp', '-j', 'DROP');
    if (profile.delayMs || profile.jitterMs) this.delayVisitorUdp(profile.delayMs ?? 0, profile.jitterMs ?? 0);
    if (profile.lossPercent) {
      const probability = (profile.lossPercent / 100).toFixed(4);
      ipt('-A', 'LAB_LINK', '-m', 'statistic', '--mode', 'random', '--probability', probability, '-j', 'DROP');
    }
    for (const dev of ['wan0', 'lan0']) {
      try {
        this.exec('vnat', 'tc', ['qdisc', 'del', 'dev', dev, 'root']);
      } catch {
        // No qdisc of ours on it yet.
      }
      if (profile.rateKbit) {
        // A burst of ~10 ms at the rate (at least one MTU) and at most 200 ms of queue, like a busy DSL line.
        const burstBytes = Math.max(1600, Math.round((profile.rateKbit * 1000) / 8 / 100));
        this.exec('vnat', 'tc', [
          'qdisc',
          'add',
          'dev',
          dev,
          'root',
          'tbf',
          'rate',
          `${profile.rateKbit}kbit`,
          'burst',
          String(burstBytes),
          'latency',
          '200ms',
        ]);
      }
    }
  }

  /** Resolves once the link set by `setVisitorLink` is in place (its delay relay listens). */
  linkReady(): Promise<void> {
    return this.delayRelayReady;
  }

  /** [NW9] The visitor's UDP goes to coturn's port only, and through the delay relay. */
  private delayVisitorUdp(delayMs: number, jitterMs: number): void {
    const ipt = (...args: string[]) => this.exec('vnat', 'iptables', args);
    ipt('-A', 'LAB_LINK', '-i', 'lan0', '-p', 'udp', '!', '--dport', '3478', '-j', 'DROP');
    // TURN over TCP would pass undelayed (a broadcast viewer's leg to Janus took it): only the
    // delayed UDP allocation is left, so every call and viewer in a delay row is delayed.
    const turnOverTcp = ['-p', 'tcp', '-d', labAddresses.server, '-m', 'multiport', '--dports', '3478,5349'];
    ipt('-A', 'LAB_LINK', '-i', 'lan0', ...turnOverTcp, '-j', 'DROP');
    const turn = [labAddresses.server, '3478'];
    const relay = this.spawn('vnat', process.execPath, [
      '--import',
      'tsx',
      // Run from the checkout's root, as the lab's other processes are.
      resolve('scripts/netlab/udpDelayRelay.ts'),
      String(DELAY_RELAY_PORT),
      ...turn,
      String(delayMs),
      String(jitterMs),
    ]);
    this.delayRelay = relay;
    this.delayRelayReady = new Promise((resolve, reject) => {
      relay.stdout?.once('data', () => resolve());
      relay.once('exit', (code) => reject(new Error(`the delay relay exited (${code})`)));
    });
    this.delayRelayReady.catch(() => undefined);
    const redirect = ['-p', 'udp', '-d', labAddresses.server, '--dport', '3478'];
    ipt(
      '-t',
      'nat',
      '-A',
      'LAB_DELAY',
      '-i',
      'lan0',
      ...redirect,
      '-j',
      'REDIRECT',
      '--to-ports',
      String(DELAY_RELAY_PORT),
    );
  }

  private build(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    for (const host of ['pub', 'vnat', 'vis', 'cnat', 'con', 'sfu'] as const) {
      run('ip', ['netns', 'add', this.ns(host)]);
      this.exec(host, 'ip', ['link', 'set', 'lo', 'up']);
    }
    // The test runner's one way in: a /30 between the root namespace and pub.
    run('ip', ['link', 'add', this.rootLink, 'type', 'veth', 'peer', 'name', 'root0', 'netns', this.ns('pub')]);
    run('ip', ['addr', 'add', `${this.rootAddress}/30`, 'dev', this.rootLink]);
    run('ip', ['link', 'set', this.rootLink, 'up']);
    this.exec('pub', 'ip', ['link', 'set', 'root0', 'up']);
    this.address('pub', 'root0', `${this.pubFromRoot}/30`);
    this.exec('pub', 'ip', ['addr', 'add', `${labAddresses.server}/32`, 'dev', 'lo']);
    this.exec('pub', 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);

    this.site('v', 'vnat', 'vis', 1);
    this.site('c', 'cnat', 'con', 2);
    // [NW8] The media server's host: a public address, no NAT in front of it.
    this.veth('s', 'pub', 'sfu0', 'sfu', 'eth0');
    this.address('pub', 'sfu0', '198.18.3.1/24');
    this.address('sfu', 'eth0', `${labAddresses.sfu}/24`);
    this.exec('sfu', 'ip', ['route', 'add', 'default', 'via', '198.18.3.1']);
  }

  /** One customer site: router `nat` on 198.18.<n>.2 towards pub, host on 198.19.<n>.2 behind it. */
  private site(tag: string, nat: LabHost, host: LabHost, n: number): void {
    this.veth(`${tag}up`, 'pub', `${nat}0`, nat, 'wan0');
    this.address('pub', `${nat}0`, `198.18.${n}.1/24`);
    this.address(nat, 'wan0', `198.18.${n}.2/24`);
    this.exec(nat, 'ip', ['route', 'add', 'default', 'via', `198.18.${n}.1`]);
    this.veth(`${tag}lan`, nat, 'lan0', host, 'eth0');
    this.address(nat, 'lan0', `198.19.${n}.1/24`);
    this.address(host, 'eth0', `198.19.${n}.2/24`);
    this.exec(host, 'ip', ['route', 'add', 'default', 'via', `198.19.${n}.1`]);
    this.exec(nat, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    const ipt = (...args: string[]) => this.exec(nat, 'iptables', args);
    // Symmetric NAT: a fresh random port per destination; nothing comes in that was not asked for.
    // ('port-preserving' keeps the source port, so hole punching finds a direct path: the control.)
    const randomPorts = this.options.nat === 'symmetric' ? ['--random-fully'] : [];
    ipt('-t', 'nat', '-A', 'POSTROUTING', '-o', 'wan0', '-j', 'MASQUERADE', ...randomPorts);
    ipt('-N', 'LAB_LINK');
    ipt('-t', 'nat', '-N', 'LAB_DELAY');
    ipt('-t', 'nat', '-A', 'PREROUTING', '-j', 'LAB_DELAY');
    ipt('-A', 'FORWARD', '-j', 'LAB_LINK');
    ipt('-A', 'FORWARD', '-i', 'lan0', '-o', 'wan0', '-j', 'ACCEPT');
    ipt('-A', 'FORWARD', '-i', 'wan0', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT');
    ipt('-P', 'FORWARD', 'DROP');
    // The router itself answers nothing from outside (no port-unreachable hints either).
    ipt('-A', 'INPUT', '-i', 'wan0', '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT');
    ipt('-A', 'INPUT', '-i', 'wan0', '-j', 'DROP');
  }

  /** A veth pair created directly in its two namespaces (nothing appears in the root namespace). */
  private veth(_tag: string, a: LabHost, aName: string, b: LabHost, bName: string): void {
    run('ip', ['link', 'add', aName, 'netns', this.ns(a), 'type', 'veth', 'peer', 'name', bName, 'netns', this.ns(b)]);
    this.exec(a, 'ip', ['link', 'set', aName, 'up']);
    this.exec(b, 'ip', ['link', 'set', bName, 'up']);
  }

  private address(host: LabHost, dev: string, cidr: string): void {
    this.exec(host, 'ip', ['addr', 'add', cidr, 'dev', dev]);
  }

  /** Ends every process the lab started (and any left in its namespaces), removes namespaces and files. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const child of this.children) child.kill('SIGKILL');
    removeLab(this.id);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A free /30 for the root↔pub link among 198.19.255.0/24 (labs of parallel runs must not collide). */
function freeRootSlot(): number {
  const used = run('ip', ['-4', '-o', 'addr', 'show']);
  const start = randomBytes(1)[0]! % 64;
  for (let i = 0; i < 64; i++) {
    const slot = (start + i) % 64;
    if (!used.includes(` 198.19.255.${slot * 4 + 1}/`)) return slot;
  }
  throw new Error('no free address for the lab (64 labs running?)');
}

/** Kills the processes inside one lab's namespaces and deletes the namespaces and its root link. */
function removeLab(id: string): void {
  const mine = listNamespaces().filter((name) => name.startsWith(`${LAB_PREFIX}${id}-`));
  for (const name of mine) {
    for (const pid of tryRun('ip', ['netns', 'pids', name]).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
  for (const name of mine) {
    tryRun('ip', ['netns', 'del', name]);
  }
  // Normally deleting pub deleted its peer already.
  tryRun('ip', ['link', 'del', `pl${id}r`]);
}

/** Like `run`, but a cleanup step that fails (already gone, interrupted) must not stop the next ones. */
function tryRun(command: string, args: string[]): string {
  try {
    return run(command, args);
  } catch {
    return '';
  }
}

function listNamespaces(): string[] {
  return tryRun('ip', ['netns', 'list'])
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(LAB_PREFIX));
}

/** Removes every lab left over by a crashed run (all of them: do not run it beside a live test). */
export function cleanupLabs(): string[] {
  const ids = new Set(listNamespaces().map((name) => name.slice(LAB_PREFIX.length).split('-')[0] ?? ''));
  for (const id of ids) {
    removeLab(id);
    rmSync(join(tmpdir(), `${LAB_PREFIX}${id}`), { recursive: true, force: true });
  }
  return [...ids];
}
