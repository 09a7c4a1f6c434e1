import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 8765);
/** [Y1] e2e/desk.spec.ts runs a real SMTP server (smtp-server) on this port for transcripts. */
export const smtpPort = port + 25;

export default defineConfig({
  testDir: 'e2e',
  // Two cores: one browser at a time keeps media timing stable.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
        // Screen sharing (F-15) picks the whole (virtual) screen without a picker.
        '--auto-select-desktop-capture-source=Entire screen',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
  },
  webServer: {
    command: 'node --import tsx packages/server/src/main.ts',
    url: `http://localhost:${port}/healthz`,
    reuseExistingServer: false,
    stdout: process.env.E2E_LOG_LEVEL ? 'pipe' : 'ignore',
    timeout: 60_000,
    env: {
      PORT: String(port),
      PARLEY_DATA_DIR: `test-results/e2e-data-${Date.now()}`,
      // [U6] The demo password is otherwise generated at first start; the tests sign in with this one.
      PARLEY_DEMO_PASSWORD: 'parley-demo',
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
      PARLEY_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PARLEY_MAIL_FROM: 'Parley <help@parley.test>',
      // [S1]–[S6] The server starts its own Janus (scripts/janus.sh) beside each e2e port.
      PARLEY_JANUS_WS_PORT: String(port + 1000),
      // [E16] Every spec's visitors come from this one address, faster than real visitors would.
      PARLEY_NEW_VISITOR_BURST: '100000',
      // [SV9] And every page they open reports a page view from it too.
      PARLEY_SITE_PAGE_BURST: '100000',
      // [E19] The apps expose window.__parley (call stats, client state) only to this server's tests.
      PARLEY_TEST_HOOKS: 'on',
    },
  },
});
