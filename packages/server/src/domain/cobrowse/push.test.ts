import { describe, expect, it } from 'vitest';
import { isParleyError } from '@parley/protocol';
import { pushTarget } from './push.ts';

const sites = ['https://shop.example.com', 'http://localhost:3000'];

function code(raw: string): string | null {
  try {
    pushTarget(raw, sites);
    return null;
  } catch (error) {
    return isParleyError(error) ? error.code : 'thrown';
  }
}

describe('pushTarget', () => {
  it('[CB6] takes http and https pages and says whether they are on an allowed site', () => {
    expect(pushTarget('https://SHOP.example.com/delivery?x=1', sites)).toEqual({
      url: 'https://shop.example.com/delivery?x=1',
      site: true,
    });
    expect(pushTarget('http://localhost:3000/a', sites).site).toBe(true);
    expect(pushTarget('https://elsewhere.example.org/', sites).site).toBe(false);
    expect(pushTarget('https://shop.example.com:8443/', sites).site).toBe(false);
  });

  it('[CB6] refuses other schemes, relative URLs and credentials', () => {
    for (const raw of [
      'javascript:alert(1)',
      'data:text/html,x',
      '/delivery',
      'ftp://x.example',
      'https://u:p@shop.example.com/',
    ]) {
      expect(code(raw), raw).toBe('invalid_message');
    }
  });
});
