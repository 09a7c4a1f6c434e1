import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * The baseline: a bare `ws` relay. Two sockets that join with the same `?pair=` forward each
 * frame to each other, unread. Parley is measured against this in the same run.
 */
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
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1');
