import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import { expectMediaFlowing, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

test('[A1][C2][C3][M1][C7] a visitor on the customer page talks to a consultant by video, voice and chat', async ({
  browser,
}) => {
  test.setTimeout(150_000); // accessibility scans of the console ([UI3]; a11y.spec.ts walks the visitor's side)
  const visitorContext = await newPerson(browser);
  const consultantContext = await newPerson(browser);
  await consultantContext.grantPermissions(['camera', 'microphone', 'notifications']);
  const customerPage = await visitorContext.newPage();
  const consolePage = await consultantContext.newPage();

  // F-01: the demo customer page carries only the one-line embed code; it adds the button.
  await customerPage.goto('/demo');
  await customerPage.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(customerPage);
  const iframe = customerPage.locator('iframe');
  await expect(iframe).toHaveAttribute('allow', /camera.*microphone.*display-capture/);

  // F-02: nobody is connected yet.
  await expect(app.getByTestId('availability')).toHaveText('No consultant is connected');
  await expect(app.getByTestId('connect')).toBeDisabled();

  // F-05: the consultant logs in and goes available; the visitor sees it without reload.
  await loginConsultant(consolePage);
  await consolePage.getByTestId('presence-toggle').click();
  await expect(consolePage.getByTestId('presence')).toHaveText('Available');
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await expectNoA11yViolations(consolePage, 'the console, available, nobody waiting');

  // The visitor's own camera preview is playing.
  await expect
    .poll(() => app.getByTestId('local-video').evaluate((v: HTMLVideoElement) => v.videoWidth))
    .toBeGreaterThan(0);

  // F-04: Connect → waiting with a queue position.
  await app.getByTestId('connect').click();
  await expect(app.getByTestId('queue-status')).toContainText('Waiting for a consultant…');
  await expect(app.getByTestId('queue-position')).toHaveText('You are next in line.');

  // F-05/F-06: the request rings in the console; Accept.
  await expect(consolePage.getByTestId('incoming')).toBeVisible();
  await expect(consolePage).toHaveTitle(/Incoming request/);
  await expectNoA11yViolations(consolePage, 'the console ringing');
  await consolePage.getByTestId('accept').click();

  // F-07: peer-to-peer video and audio both ways (getStats on each side).
  const consultantSees = await expectMediaFlowing(consolePage);
  const visitorSees = await expectMediaFlowing(app);
  expect(consultantSees.connectionState).toBe('connected');
  expect(visitorSees.connectionState).toBe('connected');

  // Chat both ways, rendered as text.
  await app.getByTestId('chat-input').fill('Hello, I need help with my order <b>42</b>');
  await app.getByTestId('chat-send').click();
  await expect(consolePage.getByTestId('chat-message').last()).toContainText(
    'Hello, I need help with my order <b>42</b>',
  );
  await consolePage.getByTestId('chat-input').fill('Of course, let me look.');
  await consolePage.getByTestId('chat-input').press('Enter');
  await expect(app.getByTestId('chat-message').last()).toContainText('Of course, let me look.');
  expect(await app.locator('b').count()).toBe(0);
  await expectNoA11yViolations(consolePage, 'the console in a call with chat');

  // End on the visitor side ends it for both; Connect is active again.
  await app.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await expect(consolePage.getByTestId('closed-message')).toBeVisible();
  await expect(app.getByTestId('connect')).toBeEnabled();
  await expectNoA11yViolations(consolePage, 'the console after the call');

  await visitorContext.close();
  await consultantContext.close();
});
