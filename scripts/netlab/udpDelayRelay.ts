import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { DelayLine } from './delayLine.ts';

/**
 * [NW9] A UDP relay that adds delay and jitter both ways, run by the network lab inside the
 * visitor's router (`NetworkLab.setVisitorLink({ delayMs, jitterMs })`): the router redirects the
 * visitor's datagrams for coturn here, and this sends each on to coturn from a socket of that
 * client's own (coturn sees one 5-tuple per client, as before) and each answer back, every one
 * held by a DelayLine. The router's conntrack gives the answers coturn's address again.
 *
 *   node --import tsx scripts/netlab/udpDelayRelay.ts <listenPort> <targetHost> <targetPort> <delayMs> <jitterMs>
 */
const [listenPort, targetHost, targetPort, delayMs, jitterMs] = process.argv.slice(2);
const options = { delayMs: Number(delayMs), jitterMs: Number(jitterMs) };
if (![listenPort, targetPort, delayMs, jitterMs].every((v) => Number.isFinite(Number(v))) || !targetHost) {
  process.stderr.write('usage: udpDelayRelay.ts <listenPort> <targetHost> <targetPort> <delayMs> <jitterMs>\n');
  process.exit(2);
}

interface Client {
  upstream: Socket;
  toTarget: DelayLine<Buffer>;
  toClient: DelayLine<Buffer>;
  lastSeen: number;
}

const clients = new Map<string, Client>();
const listener = createSocket('udp4');

function clientFor(from: RemoteInfo): Client {
  const key = `${from.address}:${from.port}`;
  const known = clients.get(key);
  if (known) return known;
  const upstream = createSocket('udp4');
  upstream.connect(Number(targetPort), targetHost);
  const client: Client = {
    upstream,
    toTarget: new DelayLine(options, (datagram) => upstream.send(datagram)),
    toClient: new DelayLine(options, (datagram) => listener.send(datagram, from.port, from.address)),
    lastSeen: Date.now(),
  };
  upstream.on('message', (datagram) => client.toClient.push(datagram));
  // A send that fails (the client's port closed) drops that datagram, as a path would.
  upstream.on('error', () => undefined);
  clients.set(key, client);
  return client;
}

listener.on('message', (datagram, from) => {
  const client = clientFor(from);
  client.lastSeen = Date.now();
  client.toTarget.push(datagram);
});
listener.on('error', () => undefined);
listener.bind(Number(listenPort), () => process.stdout.write(`udp delay relay on ${listenPort}\n`));

// Clients silent for a minute (their call ended) give their socket back.
setInterval(() => {
  for (const [key, client] of clients) {
    if (Date.now() - client.lastSeen < 60_000) continue;
    client.toTarget.close();
    client.toClient.close();
    client.upstream.close();
    clients.delete(key);
  }
}, 10_000).unref();
