import { Peer } from './lib.ts';

/**
 * A load process for the idle bench: opens COUNT visitor sockets (hello + welcome each), prints
 * "ready", and holds them until killed. One process holds at most ~19k sockets (the open-file
 * limit here is 20,000), so the bench runs several.
 */
const url = process.env.WS_URL ?? '';
// LINK_KEY may name several links (comma-separated): the sockets are dealt over them in turn.
const linkKeys = (process.env.LINK_KEY ?? '').split(',');
const count = Number(process.env.COUNT ?? 0);
const peers: Peer[] = [];
while (peers.length < count) {
  const batch = Math.min(250, count - peers.length);
  peers.push(
    ...(await Promise.all(
      Array.from({ length: batch }, async (_, i) => {
        const p = await Peer.open(url);
        await p.hello({ role: 'visitor', linkKey: linkKeys[(peers.length + i) % linkKeys.length] });
        return p;
      }),
    )),
  );
}
process.stdout.write(`ready ${peers.length}\n`);
setInterval(() => undefined, 1 << 30);
