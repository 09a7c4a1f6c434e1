import type { ServerMessage } from '@parley/protocol';

/** Who a live message is for. The gateway maps recipients onto bus topics and sockets. */
export type Recipient =
  | { kind: 'visitor'; visitorId: string }
  | { kind: 'consultant'; consultantId: string }
  /** Every visitor currently looking at a link (availability changes). */
  | { kind: 'link'; linkId: string }
  /** [U1] Every socket opened with one consultant login session (ended by logout, expiry …). */
  | { kind: 'session'; sessionId: string };

export interface Outbox {
  /**
   * `message` is a value: it is not changed after it is sent, so one message object sent to
   * several recipients is encoded once (transport/ws/frames.ts).
   */
  send(to: Recipient, message: ServerMessage): void;
}
