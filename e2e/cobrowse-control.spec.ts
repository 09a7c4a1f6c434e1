import { expect, test, type Page } from '@playwright/test';
import { docsScreenshot, goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

test.use({ actionTimeout: 30_000 });

interface Hooked {
  __parley: {
    client: { connection: { send(message: unknown): void; on(type: string, listener: (m: unknown) => void): void } };
  };
  /** The server's refusals the console received. */
  cbErrors: { code?: string; ref?: string }[];
  /** The co-browsing signals the console sent, as sent. */
  cbSent: { conversationId: string; signal: { kind: string } }[];
  accountClicks: number;
}

/** Admin → Websites → Co-browsing: the tenant's control setting, as an admin sets it. */
async function setControl(admin: Page, on: boolean): Promise<void> {
  await admin.getByTestId('nav-admin').click();
  await admin.getByTestId('admin-sites').click();
  const box = admin.getByTestId('cobrowse-control-setting');
  if ((await box.isChecked()) !== on) {
    await box.click();
    await expect(admin.getByTestId('cobrowse-settings-saved')).toBeVisible();
  }
  await expect(box).toBeChecked({ checked: on });
}

const replayOf = (consolePage: Page) =>
  consolePage.frameLocator('[data-testid="cobrowse-replay"]').frameLocator('iframe');

/** Clicks the middle of an element of the replayed page, as the consultant does. */
async function clickInReplay(consolePage: Page, selector: string): Promise<void> {
  await consolePage.getByTestId('cobrowse-replay').scrollIntoViewIfNeeded();
  const box = await replayOf(consolePage).locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  await consolePage.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
}

test('[CB8] control: off by default; once the tenant allows it and the visitor grants it, the consultant clicks and types on the page, never in password, payment or private elements; revoking stops it', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const adminContext = await newPerson(browser);
  const consultant = await newPerson(browser);
  const visitor = await newPerson(browser);
  const admin = await adminContext.newPage();
  const consolePage = await consultant.newPage();
  const page = await visitor.newPage();
  // Tall enough for the whole shop page: every field is in the consultant's scaled replay.
  await page.setViewportSize({ width: 1000, height: 1300 });
  await consolePage.setViewportSize({ width: 1400, height: 1000 });
  await loginConsultant(admin);
  await setControl(admin, false);
  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  await consolePage.evaluate(() => {
    const w = window as unknown as Hooked;
    w.cbSent = [];
    w.cbErrors = [];
    const connection = w.__parley.client.connection;
    connection.on('error', (m) => w.cbErrors.push(m as Hooked['cbErrors'][number]));
    const send = connection.send.bind(connection);
    connection.send = (message) => {
      const m = message as { type?: string } & Hooked['cbSent'][number];
      if (m.type === 'cobrowse') w.cbSent.push(m);
      send(message);
    };
  });

  await page.goto('/demo/shop');
  await page.evaluate(() => {
    const w = window as unknown as Hooked;
    w.accountClicks = 0;
    document.getElementById('account')?.addEventListener('click', () => (w.accountClicks += 1));
  });
  await page.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(page);
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await consolePage.getByTestId('cobrowse-ask').click();
  await app.getByTestId('cobrowse-allow').click();
  const replay = replayOf(consolePage);
  await expect(replay.locator('#price')).toHaveText('€39.00', { timeout: 60_000 });

  // Off (the default): nothing to grant, nothing to use.
  await expect(app.getByTestId('cobrowse-sharing')).toBeVisible();
  await expect(app.getByTestId('cobrowse-control-grant')).toHaveCount(0);
  await expect(consolePage.getByTestId('cobrowse-control')).toHaveCount(0);

  // On: the consultant asks again, the visitor shares again and may now grant control.
  await setControl(admin, true);
  await consolePage.getByTestId('cobrowse-stop-view').click();
  await consolePage.getByTestId('cobrowse-ask').click();
  await app.getByTestId('cobrowse-allow').click();
  await expect(replay.locator('#price')).toHaveText('€39.00', { timeout: 60_000 });
  await expect(consolePage.getByTestId('cobrowse-control')).toHaveCount(0);
  await app.getByTestId('cobrowse-control-grant').click();
  await expect(app.getByTestId('cobrowse-control-on')).toContainText('Dana Demo can click and type on this page');
  await expect(page.getByTestId('cobrowse-control-badge')).toHaveText('Dana Demo can click and type on this page');
  await docsScreenshot(page, 'cobrowse-control-grant');
  await expect(consolePage.getByTestId('cobrowse-control')).toContainText('Visitor lets you click and type');
  await consolePage.getByTestId('cobrowse-control-mode').check();

  // Typing into a normal field: the visitor's page gets the value (with input and change events).
  await page.evaluate(() => {
    const name = document.getElementById('name');
    name?.addEventListener('change', () => name.setAttribute('data-changed', 'yes'));
  });
  await clickInReplay(consolePage, '#name');
  await consolePage.getByTestId('cobrowse-type-value').fill('Jane Typed');
  await consolePage.getByTestId('cobrowse-type-send').click();
  await expect(page.locator('#name')).toHaveValue('Jane Typed');
  await expect(page.locator('#name')).toHaveAttribute('data-changed', 'yes');
  // The consultant's copy stays masked ([CB3]).
  await expect(replay.locator('#name')).toHaveValue('*'.repeat('Jane Typed'.length));

  // Clicking a button: the visitor's page performs the click.
  await clickInReplay(consolePage, '#add');
  await expect(page.locator('#cart')).toHaveText('1 item in your cart');
  await expect(replay.locator('#cart')).toHaveText('1 item in your cart');
  await docsScreenshot(consolePage, 'cobrowse-control-console');

  // Password and payment fields refuse, and so does a private element: checked on the visitor's page.
  for (const field of ['#password', '#card']) {
    await clickInReplay(consolePage, field);
    await consolePage.getByTestId('cobrowse-type-value').fill('hunter2');
    await consolePage.getByTestId('cobrowse-type-send').click();
    await expect(consolePage.getByTestId('cobrowse-refused')).toBeVisible();
    await expect(page.locator(field)).toHaveValue('');
  }
  await clickInReplay(consolePage, '#name'); // clears the refusal line
  await expect(consolePage.getByTestId('cobrowse-refused')).toHaveCount(0);
  await clickInReplay(consolePage, '#checkout > div');
  await expect(consolePage.getByTestId('cobrowse-refused')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as Hooked).accountClicks)).toBe(0);

  // Revoked: the console loses control, and a typing signal sent anyway is refused by the server.
  await app.getByTestId('cobrowse-control-revoke').click();
  await expect(consolePage.getByTestId('cobrowse-control')).toHaveCount(0);
  await expect(page.getByTestId('cobrowse-control-badge')).toBeHidden();
  await expect(app.getByTestId('cobrowse-control-grant')).toBeVisible();
  await consolePage.evaluate(() => {
    const w = window as unknown as Hooked;
    const typed = w.cbSent.find((m) => m.signal.kind === 'type');
    if (!typed) throw new Error('no typing was sent');
    w.__parley.client.connection.send({ ...typed, signal: { ...typed.signal, value: 'After revoke' } });
  });
  await expect
    .poll(() => consolePage.evaluate(() => (window as unknown as Hooked).cbErrors))
    .toContainEqual(expect.objectContaining({ code: 'forbidden', ref: 'cobrowse' }));
  await expect(page.locator('#name')).toHaveValue('Jane Typed');

  // Leave the demo tenant as it was: control off, conversation done, consultant unavailable.
  await setControl(admin, false);
  await app.getByTestId('end').click();
  await consolePage.getByTestId('mark-done').click();
  await goUnavailable(consolePage);
  await visitor.close();
  await consultant.close();
  await adminContext.close();
});
