import { defineConfig } from '@playwright/test';

// Browser tests of the console against a real platform and a real Keycloak. They are started by
// platform-api's ConsoleBrowserIT (part of `./mvnw verify`), which passes their addresses in the
// environment; run them by hand against `./warmstart run` with
//   CONSOLE_BASE_URL=http://localhost:8080 KEYCLOAK_URL=http://127.0.0.1:8180 npx playwright test
// Chromium is Debian's (`apt-get install chromium`); Playwright never downloads a browser here.
export default defineConfig({
  testDir: './tests',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  outputDir: process.env.CONSOLE_TEST_OUTPUT ?? 'test-results',
  use: {
    baseURL: process.env.CONSOLE_BASE_URL ?? 'http://localhost:8080',
    viewport: { width: 1280, height: 860 },
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
});
