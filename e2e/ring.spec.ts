import { expect, test, type Page } from '@playwright/test';
import { DEMO, newPerson, goAvailable, goUnavailable, loginConsultant, openVisitorApp } from './helpers.ts';
import { setCapacity } from './capacity.ts';

interface RingProbe {
  /** Oscillators started (each tone of the Web Audio ring). */
  tones: number;
  /** The state and clock of the ring's AudioContext: "running" and moving means it is heard. */
  audioState: string;
  audioTime: number;
  notifications: { title: string; tag?: string }[];
  permission: string;
  ringing: boolean;
}

/**
 * Instruments the page before the console loads: counts the ring's tones and records every desktop
 * notification, then lets both go on to the browser as usual.
 */
function probeRing(): void {
  const probe = { tones: 0, notifications: [] as { title: string; tag?: string }[], context: undefined as unknown };
  (window as unknown as { __ringProbe: typeof probe }).__ringProbe = probe;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply below
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
    probe.tones += 1;
    probe.context = this.context;
    return start.apply(this, args);
  };
  // Permission comes from the context; the notification itself is recorded, not handed to the
  // desktop: headless Chromium in a container has no notification service and stalls on one.
  const Original = window.Notification;
  class Recorded extends EventTarget {
    readonly title: string;
    readonly tag: string;
    constructor(title: string, options?: NotificationOptions) {
      super();
      probe.notifications.push({ title, tag: options?.tag });
      this.title = title;
      this.tag = options?.tag ?? '';
    }
    close(): void {}
    static get permission(): NotificationPermission {
      return Original.permission;
    }
    static requestPermission(): Promise<NotificationPermission> {
      return Original.requestPermission();
    }
  }
  (window as unknown as { Notification: unknown }).Notification = Recorded;
}

async function ring(page: Page): Promise<RingProbe> {
  return page.evaluate(() => {
    const w = window as unknown as {
      __ringProbe: { tones: number; notifications: RingProbe['notifications']; context?: AudioContext };
      __parley: { ringer: { ringing: boolean } };
    };
    const p = w.__ringProbe;
    return {
      tones: p.tones,
      audioState: p.context?.state ?? 'none',
      audioTime: p.context?.currentTime ?? 0,
      notifications: p.notifications,
      permission: Notification.permission,
      ringing: w.__parley.ringer.ringing,
    };
  });
}

test('[CD1] a request rings aloud and on the desktop; a second one while it rings keeps the ring going', async ({
  browser,
}) => {
  const context = await browser.newContext({ permissions: ['camera', 'microphone', 'notifications'] });
  await context.addInitScript(probeRing);
  const dana = await context.newPage();
  await loginConsultant(dana);
  await setCapacity(dana, DEMO.email, 2);
  try {
    await goAvailable(dana);
    await expect(dana).toHaveTitle('Parley console');

    // Both visitors are ready first, so the second request comes well within the first's ring timeout.
    const first = await openVisitorApp(await (await newPerson(browser)).newPage());
    const second = await openVisitorApp(await (await newPerson(browser)).newPage());
    await first.getByTestId('connect').click();
    await expect(dana.getByTestId('incoming')).toHaveCount(1);
    await expect(dana).toHaveTitle('(1) Incoming request – Parley console');
    const once = await ring(dana);
    expect(once.permission).toBe('granted');
    expect(once.ringing).toBe(true);
    expect(once.notifications).toHaveLength(1);
    expect(once.notifications[0]?.title).toBe('Incoming request from Visitor');
    // The Web Audio ring is heard: its context runs, its clock moves and tones keep starting.
    await expect.poll(async () => (await ring(dana)).audioState).toBe('running');
    await expect.poll(async () => (await ring(dana)).audioTime).toBeGreaterThan(once.audioTime);
    await expect.poll(async () => (await ring(dana)).tones).toBeGreaterThan(once.tones);

    await second.getByTestId('connect').click();
    await expect(dana.getByTestId('incoming')).toHaveCount(2);
    await expect(dana).toHaveTitle('(2) Incoming request – Parley console');
    const twice = await ring(dana);
    expect(twice.notifications).toHaveLength(2);
    expect(new Set(twice.notifications.map((n) => n.tag)).size).toBe(2);

    // Answering the first must not silence the second, which still rings.
    await dana.getByTestId('accept').first().click();
    await expect(dana.getByTestId('incoming')).toHaveCount(1);
    await expect(dana).toHaveTitle('(1) Incoming request – Parley console');
    const afterFirst = await ring(dana);
    expect(afterFirst.ringing).toBe(true);
    await expect.poll(async () => (await ring(dana)).tones, { timeout: 8_000 }).toBeGreaterThan(afterFirst.tones);

    await dana.getByTestId('accept').click();
    await expect(dana.getByTestId('incoming')).toHaveCount(0);
    await expect(dana).toHaveTitle('Parley console');
    expect((await ring(dana)).ringing).toBe(false);

    for (const app of [first, second]) {
      await app.getByTestId('end').click();
      await expect(app.getByTestId('closed-message')).toBeVisible();
    }
    await goUnavailable(dana);
    for (const app of [first, second]) await app.page().context().close();
  } finally {
    await setCapacity(dana, DEMO.email, 1);
    await context.close();
  }
});
