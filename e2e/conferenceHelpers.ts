import { expect, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { DEMO, SAM, goAvailable, loginConsultant, newPerson, visitorFrame } from './helpers.ts';

/** Dana in a call with a visitor on the demo page, and Sam, who has joined it ([S5][S6]). */
export interface Conference {
  dana: Page;
  sam: Page;
  customer: Page;
  app: Frame;
  danaContext: BrowserContext;
  samContext: BrowserContext;
  visitorContext: BrowserContext;
}

/**
 * Dana accepts a visitor and invites Sam, who joins: the call moves onto the SFU. In the network
 * lab ([NW8]) the visitor has a browser of their own (behind their NAT) and both reach `baseURL`.
 */
export async function startConference(
  browser: Browser,
  lab: { visitorBrowser: Browser; baseURL: string } | null = null,
): Promise<Conference> {
  const danaContext = await newPerson(browser, undefined, lab?.baseURL);
  const samContext = await newPerson(browser, undefined, lab?.baseURL);
  const visitorContext = await newPerson(lab?.visitorBrowser ?? browser, undefined, lab?.baseURL);
  const dana = await danaContext.newPage();
  const sam = await samContext.newPage();
  await loginConsultant(dana, DEMO);
  await goAvailable(dana);
  await loginConsultant(sam, SAM);
  await goAvailable(sam);

  const customer = await visitorContext.newPage();
  await customer.goto('/demo');
  await customer.getByRole('button', { name: 'Talk to us' }).click();
  const app = await visitorFrame(customer);
  await expect(app.getByTestId('availability')).toHaveText('You can connect now');
  await app.getByTestId('connect').click();
  await dana.getByTestId('accept').click();
  await expect(app.getByTestId('end')).toBeVisible();

  // [S5] Dana invites an available colleague; Sam's console shows the invitation.
  await dana.getByTestId('conference-invite').click();
  await dana.getByTestId('conference-colleague').filter({ hasText: 'Sam' }).click();
  await expect(dana.getByTestId('conference-invited')).toContainText('Sam');
  await expect(sam.getByTestId('conference-invitation')).toBeVisible();
  await sam.getByTestId('conference-join').click();
  return { dana, sam, customer, app, danaContext, samContext, visitorContext };
}
