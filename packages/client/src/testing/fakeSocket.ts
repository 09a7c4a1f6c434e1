import type { SocketLike } from '../connection.ts';

/** A WebSocket the test drives: it records what the client sends and delivers what the test says. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  private readonly handlers = new Map<string, ((event: never) => void)[]>();
  send(data: string): void {
    this.sent.push(data);
  }
  close(code = 1000, reason = ''): void {
    this.readyState = 3;
    this.fire('close', { code, reason });
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  fire(type: string, event: unknown): void {
    for (const h of this.handlers.get(type) ?? []) h(event as never);
  }
  open(): void {
    this.readyState = 1;
    this.fire('open', {});
  }
  receive(message: unknown): void {
    this.fire('message', { data: JSON.stringify(message) });
  }
}
