import type { ServerMessage } from '@parley/protocol';

const encoded = new WeakMap<ServerMessage, Buffer>();

/**
 * The WebSocket payload of a server message. A message object fanned out to several sockets — a
 * chat message to its sender (the ack) and the other side, an availability change to every
 * visitor on a link — is serialised once; messages are values that are never changed after
 * sending (the `Outbox` contract). A Buffer also spares `ws` re-encoding the string per socket.
 */
export function frameOf(message: ServerMessage): Buffer {
  let frame = encoded.get(message);
  if (!frame) {
    frame = Buffer.from(JSON.stringify(message));
    encoded.set(message, frame);
  }
  return frame;
}

/** The text of a received frame, whichever shape `ws` delivered it in. */
export function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
