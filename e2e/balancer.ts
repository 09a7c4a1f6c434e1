import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

/** Debian's HAProxy (`bash scripts/cluster.sh install`); /usr/sbin may be missing from a user's PATH. */
export const haproxyBinary = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((path) => existsSync(path));

/** [PL36] The cookie scripts/cluster.sh's HAProxy keeps a browser on one node with; its value is the node's name. */
export const NODE_COOKIE = 'PARLEY_NODE';

/**
 * HAProxy in front of a test's nodes, with the configuration scripts/cluster.sh runs
 * (`cluster.sh haproxy-config`, one source for both), in the foreground as the test's child.
 * Each node is named by its PARLEY_NODE_ID, which is also its cookie value.
 */
export class Balancer {
  private process: ChildProcess | undefined;

  constructor(
    readonly port: number,
    private readonly nodes: readonly { name: string; port: number }[],
    private readonly configFile: string,
  ) {}

  get baseUrl(): string {
    return `http://localhost:${this.port}`;
  }

  /** Starts HAProxy and resolves once a page comes through it. */
  async start(): Promise<void> {
    if (!haproxyBinary) throw new Error('HAProxy is not installed (bash scripts/cluster.sh install)');
    const servers = this.nodes.map((node) => `${node.name}=127.0.0.1:${node.port}`);
    const config = execFileSync('bash', ['scripts/cluster.sh', 'haproxy-config', String(this.port), ...servers], {
      encoding: 'utf8',
    });
    mkdirSync(dirname(this.configFile), { recursive: true });
    writeFileSync(this.configFile, config);
    // -db: in the foreground, its alerts (a server going DOWN) on the test's stderr.
    const child = spawn(haproxyBinary, ['-f', this.configFile, '-db'], { stdio: ['ignore', 'ignore', 'inherit'] });
    this.process = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}`);
      const ok = await fetch(`${this.baseUrl}/readyz`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no page through haproxy');
  }

  /** Sends every request of `context` through the balancer to the node named `node` ([PL36]). */
  async pin(context: BrowserContext, node: string): Promise<void> {
    await context.addCookies([{ name: NODE_COOKIE, value: node, url: this.baseUrl }]);
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * [PL35] The node that answered each WebSocket handshake of `page` (its frames included), read from
 * the handshake's `x-parley-node` header through the Chrome DevTools Protocol; the list grows as
 * sockets open (reconnections included). Call before the page navigates.
 */
export async function socketNodes(context: BrowserContext, page: Page): Promise<{ url: string; node: string }[]> {
  const cdp = await context.newCDPSession(page);
  const urls = new Map<string, string>();
  const answered: { url: string; node: string }[] = [];
  cdp.on('Network.webSocketCreated', ({ requestId, url }) => urls.set(requestId, url));
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ requestId, response }) => {
    const name = Object.keys(response.headers).find((header) => header.toLowerCase() === 'x-parley-node');
    answered.push({ url: urls.get(requestId) ?? '?', node: name ? String(response.headers[name]) : 'unnamed' });
  });
  await cdp.send('Network.enable');
  return answered;
}
