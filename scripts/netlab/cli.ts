import { startCoturn } from './coturn.ts';
import { cleanupLabs, labAddresses, labUnavailableReason, NetworkLab, type LinkProfile } from './lab.ts';

/**
 * `node --import tsx scripts/netlab/cli.ts <command>` ([NW1]):
 * - `up [--block-udp] [--loss N] [--rate KBIT] [--tls] [--port-preserving]`: builds a lab with coturn, prints how to
 *   use it, and keeps it until Ctrl-C (then removes it);
 * - `cleanup`: removes every lab a crashed run left (namespaces, veths, processes, files).
 */
const [command = 'help', ...rest] = process.argv.slice(2);

function flag(name: string): boolean {
  return rest.includes(name);
}
function numberFlag(name: string): number | undefined {
  const index = rest.indexOf(name);
  return index >= 0 ? Number(rest[index + 1]) : undefined;
}

if (command === 'cleanup') {
  const removed = cleanupLabs();
  process.stdout.write(removed.length ? `removed labs: ${removed.join(', ')}\n` : 'no lab left over\n');
} else if (command === 'up') {
  const reason = labUnavailableReason();
  if (reason) {
    process.stderr.write(`netlab: ${reason}\n`);
    process.exit(2);
  }
  const lab = NetworkLab.create({ nat: flag('--port-preserving') ? 'port-preserving' : 'symmetric' });
  const stop = () => {
    lab.close();
    process.stdout.write(`lab ${lab.id} removed\n`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const profile: LinkProfile = {
      blockUdp: flag('--block-udp'),
      lossPercent: numberFlag('--loss'),
      rateKbit: numberFlag('--rate'),
    };
    lab.setVisitorLink(profile);
    const turn = await startCoturn(lab, { tls: flag('--tls') });
    process.stdout.write(
      [
        `lab ${lab.id} is up (${JSON.stringify(profile)}); Ctrl-C removes it.`,
        `  namespaces : ${(['pub', 'vnat', 'vis', 'cnat', 'con', 'sfu'] as const).map((h) => lab.ns(h)).join(' ')}`,
        `  coturn     : ${Object.values(turn.urls).filter(Boolean).join(' ')}`,
        `  Parley     : ip netns exec ${lab.ns('pub')} env HOST=0.0.0.0 PORT=8080 PARLEY_PUBLIC_URL=http://${labAddresses.server}:8080 \\`,
        `               PARLEY_TURN_URLS='${turn.urls.udp},${turn.urls.tcp}' PARLEY_TURN_SECRET='${turn.secret}' npm run dev`,
        `  from here  : http://${lab.pubFromRoot}:8080   browsers: ${lab.chromium('visitor')} / ${lab.chromium('consultant')}`,
        '',
      ].join('\n'),
    );
  } catch (error) {
    lab.close();
    throw error;
  }
  // Keeps the process (and so the lab) alive until a signal.
  setInterval(() => undefined, 1 << 30);
} else {
  process.stdout.write(
    'usage: cli.ts up [--block-udp] [--loss N] [--rate KBIT] [--tls] [--port-preserving] | cleanup\n',
  );
}
