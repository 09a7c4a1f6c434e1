import type { ClientInfo, DeviceType } from '@parley/protocol';

/**
 * [MD3] Reads browser, operating system and device type from a User-Agent header, enough for a
 * consultant to know what the visitor is using ("Safari 17 · iOS · phone"). Pure and
 * deliberately small: the order of the checks matters, because most browsers claim to be others.
 */
export function describeUserAgent(userAgent: string | undefined): ClientInfo | null {
  const ua = (userAgent ?? '').slice(0, 512);
  if (!ua) return null;
  const [browser, browserVersion] = browserOf(ua);
  return { browser, browserVersion, os: osOf(ua), device: deviceOf(ua) };
}

const browsers: readonly [name: string, pattern: RegExp][] = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /SamsungBrowser\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Internet Explorer', /(?:MSIE |Trident\/.*rv:)(\d+)/],
  ['Chrome', /(?:Chrome|CriOS|HeadlessChrome|Chromium)\/(\d+)/],
  ['Safari', /Version\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari/],
];

function browserOf(ua: string): [string, string] {
  for (const [name, pattern] of browsers) {
    const match = pattern.exec(ua);
    if (match) return [name, match[1] ?? ''];
  }
  return ['Unknown', ''];
}

function osOf(ua: string): string {
  if (/Windows NT/.test(ua)) return 'Windows';
  if (/iPhone|iPad|iPod/.test(ua)) return 'iOS';
  if (/Android/.test(ua)) return 'Android';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Mac OS X|Macintosh/.test(ua)) return 'macOS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Unknown';
}

function deviceOf(ua: string): DeviceType {
  if (/iPad|Tablet/.test(ua) || (/Android/.test(ua) && !/Mobile/.test(ua))) return 'tablet';
  if (/Mobi|iPhone|iPod|Android/.test(ua)) return 'phone';
  return 'desktop';
}
