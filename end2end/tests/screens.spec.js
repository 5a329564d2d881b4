// Each role's main screen after sign-in (phone and desktop screenshots), and unit scoping on a direct URL.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');
const path = require('node:path');

const OUTPUT = path.join(__dirname, '..', 'output');

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

const SCREENS = [
  { user: 'ysxy-liaison', heading: '本单位督办事项' },
  { user: 'office', heading: '督办台账' },
  { user: 'leader', heading: '督办看板' },
  { user: 'discipline', heading: '二次催办事项' },
  { user: 'admin', heading: '单位' },
];

for (const s of SCREENS) {
  test(`${s.user} lands on their main screen`, async ({ page }, testInfo) => {
    await signIn(page, s.user);
    await expect(page.getByRole('heading', { level: 1, name: s.heading })).toBeVisible();
    await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
    await page.screenshot({
      path: path.join(OUTPUT, `${testInfo.project.name}-main-${s.user}.png`),
      fullPage: true,
    });
  });
}

test('a matter page shows the flowchart, history and the office actions', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/matters/demo-0018');
  await expect(page.getByTestId('flowchart')).toBeVisible();
  await expect(page.locator('[data-testid="fc-node"][data-state="current"]')).toHaveCount(1);
  await expect(page.getByTestId('history').locator('li').first()).toContainText('拟办立项');
  await expect(page.getByTestId('action-send_reminder')).toBeVisible();
});

test('another unit never sees the matter: a direct URL says not found', async ({ page }) => {
  await signIn(page, 'cwc-liaison');
  await page.goto('/matters/demo-0018');
  await expect(page.getByTestId('not-found')).toBeVisible();
});

test('the leader’s unit ranking is read from the unit statistics, not the year’s briefing', async ({ page }) => {
  const briefings = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/reports/briefing')) briefings.push(r.url());
  });
  const stats = page.waitForResponse((r) => r.url().includes('/api/stats/units'));
  await signIn(page, 'leader');
  const rows = await (await stats).json();
  const ranked = rows.filter((u) => u.completed > 0);
  const items = page.getByTestId('ranking').locator('li');
  await expect(items).toHaveCount(ranked.length);
  for (const u of ranked) {
    await expect(page.getByTestId('ranking')).toContainText(`(${u.on_time}/${u.completed})`);
  }
  expect(briefings).toEqual([]);
});

test('a leader’s dashboard lists the open key items that leader leads, and opens them', async ({ page }) => {
  await signIn(page, 'leader2');
  await expect(page.getByRole('heading', { name: '我牵头的重点事项' })).toBeVisible();
  const api = await page.request.get('/api/matters?lead_leader=leader2&kind=key&open=true&per_page=50');
  const led = (await api.json()).items;
  expect(led.length).toBeGreaterThan(0);
  const cards = page.getByTestId('leading').getByTestId('matter-card');
  await expect(cards).toHaveCount(led.length);
  await expect(page.getByTestId('leading')).toContainText(led[0].title);
  await cards.first().locator('a').click();
  await expect(page.getByTestId('flowchart')).toBeVisible();
});

test('the office’s dashboard has no “key items I lead” section', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1, name: '督办看板' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '我牵头的重点事项' })).toHaveCount(0);
});

test('the office watches overdue and due-soon matters and sends a reminder in one click', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/escalations');
  const red = (await (await page.request.get('/api/matters?light=red&open=true&sort=deadline&per_page=50')).json()).items;
  const yellow = (await (await page.request.get('/api/matters?light=yellow&open=true&sort=deadline&per_page=50')).json()).items;
  expect(red.length).toBeGreaterThan(0);
  await expect(page.getByTestId('watch-red').getByTestId('watch-item')).toHaveCount(red.length);
  await expect(page.getByTestId('watch-yellow').getByTestId('watch-item')).toHaveCount(yellow.length);
  // A due-soon matter is not overdue yet: no 催办单 for it.
  await expect(page.getByTestId('watch-yellow').getByRole('button', { name: '发催办单' })).toHaveCount(0);
  // The first overdue matter on which the office may send a reminder now.
  let target = null;
  for (const m of red) {
    const detail = await (await page.request.get(`/api/matters/${m.id}`)).json();
    if (detail.allowed_actions.includes('send_reminder')) {
      target = detail;
      break;
    }
  }
  expect(target).not.toBeNull();
  const item = page.getByTestId('watch-red').getByTestId('watch-item').filter({
    has: page.locator(`a[href="/matters/${target.matter.id}"]`),
  });
  await item.getByRole('button', { name: '发催办单' }).click();
  await expect(item.getByRole('status')).toHaveText('已发催办单。');
  const after = await (await page.request.get(`/api/matters/${target.matter.id}`)).json();
  expect(after.matter.version).toBe(target.matter.version + 1);
  expect(after.events[after.events.length - 1].action.type).toBe('send_reminder');
});
