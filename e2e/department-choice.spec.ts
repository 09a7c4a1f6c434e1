import { expect, test, type Page } from '@playwright/test';
import type { ConsultantView, DepartmentView, LinkView } from '@parley/protocol';
import { expectNoA11yViolations } from './a11y.ts';
import {
  goAvailable,
  goUnavailable,
  loginConsultant,
  newPerson,
  openVisitorApp,
  SAM,
  visitorFrame,
} from './helpers.ts';

const CSRF = { 'x-parley-csrf': '1' };

async function adminGet<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`/api/v1/admin/${path}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as T;
}
async function adminSend(page: Page, method: 'post' | 'patch', path: string, data: object): Promise<unknown> {
  const response = await page.request[method](`/api/v1/admin/${path}`, { headers: CSRF, data });
  expect(response.ok(), await response.text()).toBe(true);
  return response.json();
}

test('[DC1][DC2] on a pool link serving several departments the visitor chooses one, and only that department is rung', async ({
  browser,
}) => {
  const dana = await (await newPerson(browser)).newPage();
  const sam = await (await newPerson(browser)).newPage();
  await loginConsultant(dana);
  await loginConsultant(sam, SAM);

  // The demo's Sales pool, opened to the whole tenant; Sam moves to a second department, Support.
  const departments = await adminGet<DepartmentView[]>(dana, 'departments');
  const sales = departments.find((d) => d.name === 'Sales');
  const support =
    departments.find((d) => d.name === 'Support') ??
    ((await adminSend(dana, 'post', 'departments', { name: 'Support' })) as DepartmentView);
  const pool = (await adminGet<LinkView[]>(dana, 'links')).find((l) => l.key === 'demo-pool');
  const samId = (await adminGet<ConsultantView[]>(dana, 'consultants')).find((c) => c.email === SAM.email)?.id;
  if (!sales || !pool || !samId) throw new Error('demo tenant without its Sales pool or Sam');
  const visitors = [await newPerson(browser), await newPerson(browser, 'pl-PL')];
  try {
    await adminSend(dana, 'patch', `consultants/${samId}`, { departmentId: support.id });
    await adminSend(dana, 'patch', `links/${pool.id}`, { departmentId: null });

    // Dana becomes available first, so she has been idle longest ([Q4]) — and is still not rung.
    await goAvailable(dana);
    await goAvailable(sam);

    // [DC1] A fixed department (the consultation help desk) asks nothing.
    const fixed = await openVisitorApp(await visitors[0]!.newPage(), 'demo-help');
    await expect(fixed.getByTestId('connect')).toBeVisible();
    await expect(fixed.getByTestId('department-choice')).toHaveCount(0);
    await fixed.page().close();

    const app = await openVisitorApp(await visitors[0]!.newPage(), 'demo-pool');
    const choice = app.getByRole('group', { name: 'Who would you like to talk to?' });
    await expect(choice).toBeVisible();
    // Anyone first and chosen; then every staffed department (other specs may have added one).
    await expect(choice.getByRole('radio').first()).toHaveAccessibleName('Anyone available');
    await expect(choice.getByRole('radio', { name: 'Anyone available' })).toBeChecked();
    await expect(choice.getByRole('radio', { name: 'Sales' })).toBeVisible();
    await expectNoA11yViolations(app, 'the choice of department');
    // By keyboard: the arrow keys move through the radio group.
    await choice.getByRole('radio', { name: 'Anyone available' }).focus();
    await app.page().keyboard.press('ArrowDown');
    await expect(choice.getByRole('radio').nth(1)).toBeChecked();
    await choice.getByRole('radio', { name: 'Support' }).focus();
    await app.page().keyboard.press('Space');
    await expect(choice.getByRole('radio', { name: 'Support' })).toBeChecked();
    await expect(choice.getByRole('radio', { name: 'Anyone available' })).not.toBeChecked();

    // [DC2] Support chosen: Sam is rung, Dana (Sales) is not, though idle longer.
    await app.getByLabel('Your name (optional)').fill('Ana');
    await app.getByTestId('connect').click();
    await expect(sam.getByTestId('incoming')).toBeVisible();
    await expect(sam.getByTestId('incoming')).toContainText('Ana');
    // (Asserted on Ana's request: what other specs left behind is not this rule's business.)
    await expect(dana.getByTestId('incoming').filter({ hasText: 'Ana' })).toHaveCount(0);
    await expect(dana.getByTestId('queue-item').filter({ hasText: 'Ana' })).toHaveCount(0);
    await sam.getByTestId('accept').click();
    await expect(app.getByTestId('end')).toBeVisible();
    await app.getByTestId('end').click();
    await expect(sam.getByTestId('closed-message')).toBeVisible();

    // The question is translated; the names stay as the admin wrote them.
    const customer = await visitors[1]!.newPage();
    await customer.goto('/demo?link=demo-pool');
    await customer.getByRole('button', { name: 'Porozmawiaj z nami' }).click();
    const pl = await visitorFrame(customer);
    const wybor = pl.getByRole('group', { name: 'Z kim chcesz porozmawiać?' });
    await expect(wybor.getByRole('radio', { name: 'Z kimkolwiek dostępnym' })).toBeChecked();
    await expect(wybor.getByRole('radio', { name: 'Support' })).toBeVisible();
  } finally {
    await adminSend(dana, 'patch', `links/${pool.id}`, { departmentId: sales.id });
    await adminSend(dana, 'patch', `consultants/${samId}`, { departmentId: sales.id });
    await goUnavailable(sam);
    await goUnavailable(dana);
    for (const context of visitors) await context.close();
    await sam.context().close();
    await dana.context().close();
  }
});
