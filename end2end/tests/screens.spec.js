// Each role's main screen after sign-in (phone and desktop screenshots), and unit scoping on a direct URL.
const { test, expect } = require('@playwright/test');
const { signIn, officeProposes, answerTo, ESCALATION_SPARE, REMINDER_SPARE } = require('./support');
const path = require('node:path');

const OUTPUT = path.join(__dirname, '..', 'output');

// The matter the read-only tests open (its history, its office actions, another unit kept out): the
// tests that act pick other matters.
const READ_ONLY = 'demo-0018';

/** The page's own answer to `GET /api/matters` with these parameters (see `answerTo`). */
function listAnswer(page, params) {
  return answerTo(page, '/api/matters', params);
}

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
  await page.goto(`/matters/${READ_ONLY}`);
  await expect(page.getByTestId('flowchart')).toBeVisible();
  await expect(page.locator('[data-testid="fc-node"][data-state="current"]')).toHaveCount(1);
  await expect(page.getByTestId('history').locator('li').first()).toContainText('拟办立项');
  // People by name, not username: the office's proposal reads 张敏, the done stages too.
  await expect(page.getByTestId('history').locator('li').first()).toContainText('张敏');
  await expect(page.getByTestId('history')).not.toContainText('督办室 office');
  await expect(page.getByTestId('flowchart')).toContainText('张敏');
  await expect(page.getByTestId('action-send_reminder')).toBeVisible();
});

test('another unit never sees the matter: a direct URL says not found', async ({ page }) => {
  await signIn(page, 'cwc-liaison');
  await page.goto(`/matters/${READ_ONLY}`);
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
  const answer = listAnswer(page, { lead_leader: 'leader2', kind: 'key', open: 'true' });
  await signIn(page, 'leader2');
  await expect(page.getByRole('heading', { name: '我牵头的重点事项' })).toBeVisible();
  const led = (await (await answer).json()).items;
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

test('the office watches overdue and due-soon matters and sends a reminder in one click', async ({ page }, testInfo) => {
  await signIn(page, 'office');
  const answers = [listAnswer(page, { light: 'red' }), listAnswer(page, { light: 'yellow' })];
  await page.goto('/escalations');
  const [red, yellow] = await Promise.all(answers.map(async (a) => (await (await a).json()).items));
  expect(red.length).toBeGreaterThan(0);
  await expect(page.getByTestId('watch-red').getByTestId('watch-item')).toHaveCount(red.length);
  await expect(page.getByTestId('watch-yellow').getByTestId('watch-item')).toHaveCount(yellow.length);
  // A due-soon matter is not overdue yet: no 催办单 for it.
  await expect(page.getByTestId('watch-yellow').getByRole('button', { name: '发催办单' })).toHaveCount(0);
  // An overdue matter on which the office may send a reminder now: the first for the desktop, the last
  // for the phone, so the two projects never send one on the same matter.
  const candidates = red.filter((m) => ![READ_ONLY, ESCALATION_SPARE, REMINDER_SPARE].includes(m.id));
  if (testInfo.project.name === 'phone') candidates.reverse();
  let target = null;
  for (const m of candidates) {
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

test('a unit’s inbox groups its open matters by light, then by stage, and lists the finished ones apart', async ({ page }) => {
  const answers = [listAnswer(page, { open: 'true' }), listAnswer(page, { open: 'false' })];
  await signIn(page, 'ysxy-liaison');
  await expect(page.getByRole('heading', { level: 1, name: '本单位督办事项' })).toBeVisible();
  await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
  const [open, done] = await Promise.all(answers.map(async (a) => (await (await a).json()).items));
  expect(open.length).toBeGreaterThan(0);
  for (const light of ['red', 'yellow', 'green']) {
    const mine = open.filter((m) => m.light === light);
    const stages = [...new Set(mine.map((m) => m.stage_name))];
    const group = page.getByTestId(`group-${light}`);
    await expect(group.getByTestId('matter-card')).toHaveCount(mine.length);
    await expect(group.getByTestId('stage-group')).toHaveCount(stages.length);
    for (const [i, name] of stages.entries()) {
      const n = mine.filter((m) => m.stage_name === name).length;
      await expect(group.getByTestId('stage-group').nth(i).getByRole('heading', { level: 3 })).toHaveText(`${name} (${n})`);
    }
  }
  await expect(page.getByTestId('group-done').getByTestId('matter-card')).toHaveCount(done.length);
});

test('a leader’s “waiting for my decision” comes in one request, without opening each matter', async ({ page, playwright, baseURL }, testInfo) => {
  // A proposal of its own for the leader in charge, so the list is never empty.
  const title = `待审定事项 ${testInfo.project.name} ${Date.now()}`;
  await officeProposes(playwright, baseURL, testInfo, {
    title,
    lead_unit: 'jwc',
    content: '落实党委常委会决议。',
    requirements: '按期办结并书面反馈',
  });
  const details = [];
  page.on('request', (r) => {
    if (/\/api\/matters\/[^/?]+$/.test(new URL(r.url()).pathname)) details.push(r.url());
  });
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/decisions'));
  await signIn(page, 'leader');
  const waiting = await (await answer).json();
  expect(waiting.map((d) => d.matter.title)).toContain(title);
  await expect(page.getByTestId('waiting').getByTestId('decide')).toHaveCount(waiting.length);
  await expect(page.getByTestId('decide').filter({ hasText: title })).toContainText('审定同意');
  expect(details).toEqual([]);
});

test('a leader’s approval from the dashboard still goes after the office changed what the list does not show', async ({ page, playwright, baseURL }, testInfo) => {
  const title = `审定前改了要求 ${testInfo.project.name} ${Date.now()}`;
  const { office, matter } = await officeProposes(playwright, baseURL, testInfo, {
    title,
    lead_unit: 'kyc',
    content: '落实校长办公会决定。',
    requirements: '按期办结',
  });
  await signIn(page, 'leader');
  const item = page.getByTestId('decide').filter({ hasText: title });
  await expect(item).toContainText('审定同意');

  // While the dashboard is open, the office sharpens the requirements: the matter moves on, but
  // nothing the dashboard shows of it does.
  const updated = await office.post(`/api/matters/${matter.id}/actions`, {
    headers: { 'Idempotency-Key': `e2e-requirements-update-${testInfo.project.name}-${Date.now()}` },
    data: { version: matter.version, action: { type: 'update_requirements', requirements: '按期办结并书面反馈', note: '领导批示补充要求' } },
  });
  expect(updated.status(), await updated.text()).toBe(200);

  await item.getByRole('button', { name: '同意', exact: true }).click();
  await expect(item.getByRole('status')).toHaveText('已同意');
  const after = await (await office.get(`/api/matters/${matter.id}`)).json();
  expect(after.events.slice(-2).map((e) => e.action.type)).toEqual(['update_requirements', 'approve_proposal']);
  expect(after.matter.requirements).toBe('按期办结并书面反馈');
});

test('the office’s queue lists reminders without an answer and reports sent back, as the API has them', async ({ page }) => {
  await signIn(page, 'office');
  const lists = [
    ['unanswered_reminder', 'watch-unanswered', '二次催办'],
    ['returned_report', 'watch-returned', '发催办单'],
  ];
  const answers = lists.map(([watch]) => listAnswer(page, { watch }));
  await page.goto('/escalations');
  for (const [i, [, testid, button]] of lists.entries()) {
    const items = (await (await answers[i]).json()).items;
    const list = page.getByTestId(testid);
    await expect(list.getByTestId('watch-item')).toHaveCount(items.length);
    if (items.length > 0) {
      await expect(list.getByTestId('watch-item').first()).toContainText(items[0].title);
      await expect(list.getByRole('button', { name: button })).toHaveCount(items.length);
    }
  }
});
