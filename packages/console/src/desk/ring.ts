/**
 * The incoming-request ring, synthesised with Web Audio (two-tone, like a phone): no audio
 * files to ship, and it stops the moment the request stops ringing.
 */
export class Ringer {
  private context: AudioContext | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  /** True while ringing: the end-to-end tests read it through the page's test hook. */
  get ringing(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.context ??= new AudioContext();
    void this.context.resume();
    this.burst();
    this.timer = setInterval(() => this.burst(), 3000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private burst(): void {
    const ctx = this.context;
    if (!ctx) return;
    for (const [offset, frequency] of [
      [0, 440],
      [0.4, 480],
      [1, 440],
      [1.4, 480],
    ] as const) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + offset + 0.38);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + offset);
      osc.stop(ctx.currentTime + offset + 0.4);
    }
  }
}
