import type { Page } from '@playwright/test';

/**
 * [Q4] F-29: sets an account's max conversations through the admin API, signed in as the admin on
 * `page`. Tests that raise it put it back, since the server (and the demo accounts) outlive a test.
 */
export async function setCapacity(page: Page, email: string, maxConversations: number): Promise<void> {
  await page.evaluate(
    async ({ email, maxConversations }) => {
      const headers = { 'content-type': 'application/json', 'x-parley-csrf': '1' };
      const list = (await (await fetch('/api/v1/admin/consultants', { headers })).json()) as {
        id: string;
        email: string;
      }[];
      const account = list.find((c) => c.email === email);
      if (!account) throw new Error(`no consultant ${email}`);
      const response = await fetch(`/api/v1/admin/consultants/${account.id}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ maxConversations }),
      });
      if (!response.ok) throw new Error(`capacity not changed: ${response.status}`);
    },
    { email, maxConversations },
  );
}
