import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import { goAvailable, goUnavailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

/** The visitor app takes the customer's browser language (the loader passes it as `?lang=`). */
const languages = [
  { locale: 'en-US', lang: 'en', talk: 'Talk to us' },
  { locale: 'pl-PL', lang: 'pl', talk: 'Porozmawiaj z nami' },
  { locale: 'nl-NL', lang: 'nl', talk: 'Praat met ons' },
  { locale: 'pt-PT', lang: 'pt', talk: 'Fale connosco' },
];

for (const { locale, lang, talk } of languages) {
  test(`[UI3] every screen of the visitor app passes WCAG 2.2 A/AA in ${lang}: lobby, skip, leave a message, waiting, call, end`, async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const dana = await (await newPerson(browser)).newPage();
    await loginConsultant(dana);
    await goUnavailable(dana);
    const visitorContext = await newPerson(browser, locale);
    const customer = await visitorContext.newPage();
    try {
      await customer.goto('/demo');
      await expectNoA11yViolations(customer, `the customer page (${lang})`);
      await customer.getByRole('button', { name: talk }).click();
      const app = await visitorFrame(customer);
      await expect(app.locator('html')).toHaveAttribute('lang', lang);

      // Nobody available: the lobby with its media check and the offer to leave a message.
      await expect(app.getByTestId('leave-message')).toBeVisible();
      await expect(app.getByTestId('select-microphone')).toBeVisible();
      await expectNoA11yViolations(app, `the lobby, nobody available (${lang})`);
      await app.getByTestId('skip-check').click();
      await expect(app.getByTestId('skip-confirm')).toBeVisible();
      await expectNoA11yViolations(app, `the skip confirmation (${lang})`);
      await app.getByTestId('skip-no').click();
      await app.getByTestId('mode-text').click();
      await expect(app.getByTestId('select-microphone')).toBeHidden();
      await expectNoA11yViolations(app, `the lobby, text only (${lang})`);
      await app.getByTestId('mode-video').click();
      await expect(app.getByTestId('select-microphone')).toBeVisible();

      await app.getByTestId('leave-message').click();
      await expect(app.getByTestId('leave-send')).toBeVisible();
      await expectNoA11yViolations(app, `the leave-a-message form (${lang})`);
      await app.getByTestId('leave-email').fill('olga@example.com');
      await app.getByTestId('leave-text').fill('Hello');
      await app.getByTestId('leave-send').click();
      await expect(app.getByTestId('leave-sent')).toBeVisible();
      await expectNoA11yViolations(app, `the message sent (${lang})`);
      await app.getByTestId('leave-done').click();

      // A consultant is there: waiting, then the call, then its end with the transcript form.
      await goAvailable(dana);
      await expect(app.getByTestId('connect')).toBeEnabled();
      await expectNoA11yViolations(app, `the lobby, a consultant available (${lang})`);
      await app.getByTestId('connect').click();
      await expect(app.getByTestId('queue-status')).toBeVisible();
      await expectNoA11yViolations(app, `waiting for the consultant (${lang})`);
      await dana.getByTestId('accept').click();
      await expect(app.getByTestId('end')).toBeVisible();
      await app.getByTestId('chat-input').fill('Dzień dobry, olá, hallo');
      await app.getByTestId('chat-send').click();
      await expect(dana.getByTestId('chat-message').last()).toContainText('olá');
      await expectNoA11yViolations(app, `the call with chat (${lang})`);
      await app.getByTestId('open-settings').click();
      await expect(app.getByTestId('settings')).toBeVisible();
      await expectNoA11yViolations(app, `the call's settings (${lang})`);
      await dana.getByTestId('end').click();
      await expect(app.getByTestId('closed-message')).toBeVisible();
      await expectNoA11yViolations(app, `the end of the call with the transcript form (${lang})`);
    } finally {
      await goUnavailable(dana).catch(() => undefined);
      await visitorContext.close();
      await dana.context().close();
    }
  });
}

test('[UI3] a keyboard-only visitor opens the app and reaches Connect with Tab alone', async ({ browser }) => {
  const dana = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await goAvailable(dana);
  const visitorContext = await newPerson(browser);
  const customer = await visitorContext.newPage();
  try {
    await customer.goto('/demo');
    const talk = customer.getByRole('button', { name: 'Talk to us' });
    await expect(talk).toBeVisible();
    // Tab through the customer's page to the button, open the app with Enter.
    for (let presses = 0; presses < 20 && !(await talk.evaluate((b) => b.matches(':focus'))); presses++) {
      await customer.keyboard.press('Tab');
    }
    await customer.keyboard.press('Enter');
    const app = await visitorFrame(customer);
    const connect = app.getByTestId('connect');
    await expect(connect).toBeEnabled();
    let reached = false;
    for (let presses = 0; presses < 40 && !reached; presses++) {
      await customer.keyboard.press('Tab');
      reached = await connect.evaluate((b) => b === document.activeElement);
    }
    expect(reached, 'Connect reached by Tab').toBe(true);
    await customer.keyboard.press('Enter');
    await expect(app.getByTestId('queue-status')).toBeVisible();
    await app.getByTestId('cancel').click();
  } finally {
    await goUnavailable(dana).catch(() => undefined);
    await visitorContext.close();
    await dana.context().close();
  }
});
