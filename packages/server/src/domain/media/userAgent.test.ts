import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './userAgent.ts';

describe('describeUserAgent', () => {
  it.each([
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      { browser: 'Chrome', browserVersion: '156', os: 'Linux', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      { browser: 'Safari', browserVersion: '17', os: 'iOS', device: 'phone' },
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
      { browser: 'Edge', browserVersion: '120', os: 'Windows', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko',
      { browser: 'Internet Explorer', browserVersion: '11', os: 'Windows', device: 'desktop' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0 Safari/537.36',
      { browser: 'Samsung Internet', browserVersion: '24', os: 'Android', device: 'tablet' },
    ],
    [
      'Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0',
      { browser: 'Firefox', browserVersion: '125', os: 'Android', device: 'phone' },
    ],
  ])('[MD3] reads %s', (ua, expected) => {
    expect(describeUserAgent(ua)).toEqual(expected);
  });

  it('[MD3] knows nothing without a header', () => {
    expect(describeUserAgent(undefined)).toBeNull();
    expect(describeUserAgent('curl/8')).toEqual({
      browser: 'Unknown',
      browserVersion: '',
      os: 'Unknown',
      device: 'desktop',
    });
  });
});
