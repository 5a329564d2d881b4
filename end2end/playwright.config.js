// Duban's browser tests: the real server (debug build, in-memory database, demo data) and the
// built app in dist/, driven in Debian's Chromium. `cargo xtask test` sets DUBAN_BIN and DUBAN_DIST.
// Never `npx playwright install`: browsers cannot be downloaded here, /usr/bin/chromium is used.
const { defineConfig, devices } = require('@playwright/test');
const path = require('node:path');

const PORT = Number(process.env.DUBAN_TEST_PORT || 3210);
const BASE_URL = `http://127.0.0.1:${PORT}`;
const SERVER = process.env.DUBAN_BIN || path.join(__dirname, '..', 'target', 'debug', 'duban');
const DIST = process.env.DUBAN_DIST || path.join(__dirname, '..', 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const chromium = {
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

module.exports = defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // A flaky test fails: it is fixed, never retried until it passes.
  retries: 0,
  // Two cores shared with the server: two browsers at a time is plenty.
  workers: 2,
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL: BASE_URL,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium,
  },
  projects: [
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
    },
    {
      // Pixel 7's viewport, touch and user agent in the same Chromium.
      name: 'phone',
      use: { ...devices['Pixel 7'], launchOptions: chromium },
    },
    // Run by `cargo xtask test` after the whole suite: reads the audit trail for the steps the app
    // took (coverage/steps.spec.js). Left out of a run of a few specs, where it could only fail.
    ...(process.env.DUBAN_COVERAGE
      ? [{ name: 'coverage', testDir: './coverage', dependencies: ['desktop', 'phone'], use: { ...devices['Desktop Chrome'], launchOptions: chromium } }]
      : []),
  ],
  webServer: {
    command: `"${SERVER}" --db mem:// --demo --bind 127.0.0.1:${PORT} --static-dir "${DIST}"`,
    url: `${BASE_URL}/api/health`,
    // A port already in use means another server: fail rather than test the wrong build.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
