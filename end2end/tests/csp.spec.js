// The app under its Content-Security-Policy: signed in, across the main screens, with no violation
// reported, the service worker registered, and the security headers on the page and the API.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');

/**
 * Records every CSP violation the page reports: the `securitypolicyviolation` event (installed before
 * any of the app's scripts run) and the console line Chromium prints for a refused resource.
 */
function watchCsp(page) {
  const violations = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (execute|load|apply|evaluate|compile|connect|frame)/i.test(text)) {
      violations.push(`console: ${text}`);
    }
  });
  page.on('pageerror', (err) => {
    throw err;
  });
  page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return async () => {
    const events = await page.evaluate(() => window.__cspViolations || []);
    return [...violations, ...events];
  };
}

test('the app page and the API carry the security headers', async ({ page }) => {
  const response = await page.goto('/login');
  const h = response.headers();
  expect(h['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).not.toContain('unsafe-inline');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  await signIn(page, 'office');
  const me = await page.request.get('/api/me');
  expect(me.headers()['cache-control']).toBe('no-store');
  expect(me.headers()['x-content-type-options']).toBe('nosniff');
});

test('a leader’s dashboard, ledger, quarterly report and briefing run with no CSP violation', async ({ page }) => {
  test.setTimeout(60_000);
  const violations = watchCsp(page);
  await signIn(page, 'leader');
  await expect(page.getByTestId('ranking')).toBeVisible();
  // The dashboard's bars are sized through the CSSOM, which `style-src 'self'` allows.
  await expect(page.locator('.bar > span').first()).toBeAttached();
  await page.goto('/ledger');
  await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
  await page.goto('/quarterly');
  await expect(page.getByRole('img', { name: '按月新交办与办结事项' })).toBeVisible();
  await page.goto('/briefing');
  await expect(page.getByTestId('period')).toBeVisible();
  // The service worker still registers from the app's module (no inline bootstrap).
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/\/$/);
  expect(await violations()).toEqual([]);
});

test('the office’s matter page and a unit’s inbox run with no CSP violation', async ({ page }) => {
  test.setTimeout(60_000);
  const violations = watchCsp(page);
  await signIn(page, 'office');
  await page.goto('/matters/demo-0018');
  await expect(page.getByTestId('flowchart')).toBeVisible();
  await expect(page.getByTestId('history').locator('li').first()).toBeVisible();
  expect(await violations()).toEqual([]);
  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, 'ysxy-liaison');
  await expect(page.getByRole('heading', { level: 1, name: '本单位督办事项' })).toBeVisible();
  await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
  expect(await violations()).toEqual([]);
});
