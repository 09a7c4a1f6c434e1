import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './a11y.ts';
import { expectMediaFlowing, goAvailable, loginConsultant, mediaStats, newPerson, visitorFrame } from './helpers.ts';

test('[P4][M2] a visitor who reloads the customer page mid-call gets the call and the chat back', async ({
  browser,
}) => {
  const visitorContext = await newPerson(browser);
  const consultantContext = await newPerson(browser);
  const customerPage = await visitorContext.newPage();
  const consolePage = await consultantContext.newPage();

  await loginConsultant(consolePage);
  await goAvailable(consolePage);
  await customerPage.goto('/demo');
  await customerPage.getByRole('button', { name: 'Talk to us' }).click();
  let app = await visitorFrame(customerPage);
  await app.getByTestId('connect').click();
  await consolePage.getByTestId('accept').click();
  await expectMediaFlowing(app);
  await app.getByTestId('chat-input').fill('before the reload');
  await app.getByTestId('chat-send').click();
  await expect(consolePage.getByTestId('chat-message').last()).toContainText('before the reload');

  await customerPage.reload();
  // The loader remembers the open panel; the app resumes with its token from sessionStorage.
  app = await visitorFrame(customerPage);
  await expect(app.getByTestId('chat-message').first()).toContainText('before the reload');
  await expect(app.getByTestId('end')).toBeVisible();
  const visitorSees = await expectMediaFlowing(app);
  expect(visitorSees.connectionState).toBe('connected');
  // The consultant's side replaced its old peer connection and decodes the new one.
  await expectMediaFlowing(consolePage);
  expect((await mediaStats(consolePage)).connectionState).toBe('connected');

  await consolePage.getByTestId('end').click();
  await expect(app.getByTestId('closed-message')).toBeVisible();
  await visitorContext.close();
  await consultantContext.close();
});

test('[A1] the visitor app speaks the browser language and switches live (F-33)', async ({ browser }) => {
  const context = await newPerson(browser, 'pl-PL');
  const page = await context.newPage();
  await page.goto('/demo');
  await page.getByRole('button', { name: 'Porozmawiaj z nami' }).click();
  const app = await visitorFrame(page);
  // Availability depends on earlier tests' consultant; either state must be in the right language.
  await expect(app.getByTestId('availability')).toHaveText(
    /^(Żaden konsultant nie jest połączony|Możesz się teraz połączyć)$/,
  );
  await expect(app.getByTestId('connect')).toHaveText('Połącz');
  await expectNoA11yViolations(app, 'the visitor lobby in Polish');
  await app.getByTestId('language').selectOption('pt');
  await expect(app.getByTestId('connect')).toHaveText('Ligar');
  await expectNoA11yViolations(app, 'the visitor lobby switched to Portuguese');
  await expect(app.getByTestId('availability')).toHaveText(/^(Nenhum consultor está ligado|Pode ligar-se agora)$/);
  await app.getByTestId('language').selectOption('nl');
  await expect(app.getByTestId('connect')).toHaveText('Verbinden');
  await expect(app.getByRole('heading')).toHaveText('Live hulp');
  await expectNoA11yViolations(app, 'the visitor lobby switched to Dutch');
  await context.close();
});
