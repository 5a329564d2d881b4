// axe-core on the main screens: no serious or critical accessibility violations.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');
const { AxeBuilder } = require('@axe-core/playwright');

/** Runs axe and fails with a readable list of the serious and critical findings. */
async function expectAccessible(page, screen) {
  await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 30_000 });
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')} ${n.failureSummary.replace(/\n/g, ' ')}`)
          .join('\n'),
    );
  expect(bad, `${screen}:\n${bad.join('\n')}`).toEqual([]);
}

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

test('login screen', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expectAccessible(page, 'login');
});

test('unit inbox', async ({ page }) => {
  await signIn(page, 'jwc-liaison');
  await expect(page.getByRole('heading', { level: 1, name: '本单位督办事项' })).toBeVisible();
  await expectAccessible(page, 'inbox');
});

test('office ledger', async ({ page }) => {
  await signIn(page, 'office');
  await expect(page.getByTestId('ledger')).toBeVisible();
  await expectAccessible(page, 'ledger');
});

test('matter page with its flowchart and action forms', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/matters/demo-0018');
  await expect(page.getByTestId('flowchart')).toBeVisible();
  // Open every action form so their fields are checked too.
  for (const summary of await page.locator('details.action summary').all()) {
    await summary.click();
  }
  await expectAccessible(page, 'matter');
});

test('escalation queue with the overdue and due-soon lists', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/escalations');
  await expect(page.getByTestId('watch-red')).toBeVisible();
  await expectAccessible(page, 'escalations');
});

test('leader dashboard with the key items that leader leads', async ({ page }) => {
  await signIn(page, 'leader2');
  await expect(page.getByTestId('leading')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'dashboard-leading');
});

test('leader dashboard', async ({ page }) => {
  await signIn(page, 'leader');
  await expect(page.getByTestId('ranking')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'dashboard');
});

test('new-matter form', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/ledger/new');
  await expect(page.getByLabel('事项标题 *')).toBeVisible();
  await expectAccessible(page, 'new matter');
});

test('admin calendar editor', async ({ page }) => {
  await signIn(page, 'admin');
  await expect(page.getByTestId('calendar-status')).toBeVisible();
  await expectAccessible(page, 'calendar');
});

test('a print view', async ({ page }) => {
  await signIn(page, 'office');
  const list = await (await page.request.get('/api/matters?stage=archived&per_page=200')).json();
  const m = list.items.find((x) => x.procedure === 'hbut');
  await page.goto(`/print/matters/${m.id}/assignment_notice`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('湖北工业大学督办事项通知单');
  await expectAccessible(page, 'print view');
});
