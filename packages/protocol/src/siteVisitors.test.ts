import { describe, expect, it } from 'vitest';
import { SiteClientMessage, SiteHello, SitePageInput, SITE_PROTOCOL_VERSION } from './siteVisitors.ts';
import { ClientMessage } from './messages.ts';

const hello = {
  type: 'site.hello',
  v: SITE_PROTOCOL_VERSION,
  linkKey: 'demo-help',
  page: { url: 'https://shop.example/demo?email=ann@example.com#top', title: ' Demo ', referrer: '' },
  language: 'pt-BR',
  doNotTrack: false,
};

describe('site visitor schemas', () => {
  it('[SV2] keeps a page as origin and path only: query and fragment never reach the server', () => {
    expect(SiteHello.parse(hello).page).toEqual({ url: 'https://shop.example/demo', title: 'Demo', referrer: '' });
    const page = SitePageInput.parse({
      url: 'http://a.example/x',
      title: 'x'.repeat(600),
      referrer: 'https://q.example/s?q=1',
    });
    expect(page.title).toHaveLength(300);
    expect(page.referrer).toBe('https://q.example/s');
    // A referrer that is not an http(s) URL (an app, a stripped one) is simply none.
    expect(SitePageInput.parse({ url: 'http://a.example/', title: '', referrer: 'android-app://x' }).referrer).toBe('');
  });

  it('[SV2] refuses what is not a page of a website, odd languages and ids, and unknown messages', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
      `https://a.example/${'x'.repeat(2100)}`,
    ]) {
      expect(SiteHello.safeParse({ ...hello, page: { ...hello.page, url } }).success).toBe(false);
    }
    expect(SiteHello.safeParse({ ...hello, language: 'en;drop' }).success).toBe(false);
    expect(SiteHello.safeParse({ ...hello, visitId: '../../etc' }).success).toBe(false);
    expect(SiteHello.safeParse({ ...hello, doNotTrack: 'yes' }).success).toBe(false);
    expect(
      SiteClientMessage.safeParse({ type: 'site.invitation.answer', invitationId: 'inv_1', answer: 'maybe' }).success,
    ).toBe(false);
    expect(SiteClientMessage.safeParse({ type: 'visitors.watch', watch: true }).success).toBe(false);
  });

  it('[SV2][K2] an invalid identity is dropped, the page view still counts', () => {
    const parsed = SiteHello.parse({ ...hello, identity: { id: 'u1', signature: 'x' } });
    expect(parsed.identity).toBeUndefined();
  });

  it("[SV7] an invitation's own text is trimmed, bounded and never empty", () => {
    const invite = (text: unknown) => ClientMessage.safeParse({ type: 'visitors.invite', visitId: 'visit_1', text });
    expect(invite(null).success).toBe(true);
    expect(invite('  Hi, %name% here  ').data).toMatchObject({ text: 'Hi, %name% here' });
    expect(invite('   ').success).toBe(false);
    expect(invite('x'.repeat(501)).success).toBe(false);
  });
});
