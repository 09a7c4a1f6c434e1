/** One open WebSocket connection as the gateway keeps it. */
export interface LiveSocket {
  readonly role: 'visitor' | 'consultant' | 'unidentified';
  /**
   * Closes with `code` and resolves once the connection is cleaned up: every frame it received
   * before the close has been handled by then, because cleanup runs after them in its chain.
   */
  closeAndSettle(code: number, reason: string): Promise<void>;
}

/**
 * The gateway's open connections: counted by role for the metrics ([OP2]) and closed together
 * at shutdown ([OP3]).
 */
export class LiveSockets {
  private readonly open = new Set<LiveSocket>();

  add(socket: LiveSocket): void {
    this.open.add(socket);
  }

  delete(socket: LiveSocket): void {
    this.open.delete(socket);
  }

  byRole(): Record<LiveSocket['role'], number> {
    const counts = { visitor: 0, consultant: 0, unidentified: 0 };
    for (const socket of this.open) counts[socket.role] += 1;
    return counts;
  }

  /** [OP3] Closes every connection with `code` and waits until each has handled what it received. */
  async closeAll(code: number, reason: string): Promise<void> {
    await Promise.all([...this.open].map((socket) => socket.closeAndSettle(code, reason)));
  }
}
