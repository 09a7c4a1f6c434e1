import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The baseline: a bare `ws` relay. Two sockets that join with the same `?pair=` forward each
 * frame to each other, unread. Parley is measured against this in the same run.
 *
 * With RELAY_ACK=1 it also echoes each frame to its sender after forwarding it — the least any
 * protocol that acknowledges a message must do (Parley's sender gets the stored message back,
 * [M1]). That row shows how much of the gap to the bare relay is the second frame alone.
 */
const acknowledge = process.env.RELAY_ACK === '1';
const pairs = new Map<string, WebSocket[]>();
const http = createServer((req, res) => {
  res.writeHead(req.url === '/healthz' ? 200 : 404).end();
});
const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const pair = new URL(req.url ?? '/', 'http://x').searchParams.get('pair') ?? '';
  const members = pairs.get(pair) ?? [];
  members.push(ws);
  pairs.set(pair, members);
  ws.on('message', (data, isBinary) => {
    for (const other of members) if (other !== ws) other.send(data, { binary: isBinary });
    if (acknowledge) ws.send(data, { binary: isBinary });
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1');
