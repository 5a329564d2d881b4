// Reports: the office's briefing checked against the API's figures and issued with a lead paragraph, a
// leader's quarterly report with its charts, the discipline office's accountability list, a unit kept out.
const { test, expect } = require('@playwright/test');
const { signIn, answerTo } = require('./support');
const fs = require('node:fs');
const path = require('node:path');

const OUTPUT = path.join(__dirname, '..', 'output');

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

/** The app's integer rendering of a rate: per mille, cut (not rounded), one decimal. */
function rateText(onTime, completed) {
  if (!completed) return '—';
  const pm = Math.floor((onTime * 1000) / completed);
  return `${Math.floor(pm / 10)}.${pm % 10}%`;
}

function daysText(days) {
  if (days === null || days === undefined) return '—';
  const t = Math.floor(days * 10 + 0.5);
  return `${Math.floor(t / 10)}.${t % 10}`;
}

const TOTALS = ['new', 'in_progress', 'completed', 'on_time', 'overdue', 'escalated'];

/** Clicks the Excel link `testid` and checks what arrives: an xlsx (a zip) under a Chinese file name. */
async function downloadsExcel(page, testid, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  expect(download.suggestedFilename()).toMatch(name);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
}

test('the office generates a year briefing that matches the API, issues it and finds it in the list', async ({ page }, testInfo) => {
  // One check per unit and figure: on a phone on two shared cores that takes longer than the default.
  test.setTimeout(90_000);
  await signIn(page, 'office');
  await page.getByRole('link', { name: '督办简报' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '督办简报' })).toBeVisible();
  const year = answerTo(page, '/api/reports/briefing', { period: 'year' });
  await page.getByTestId('period-kind').selectOption('year');
  const api = await (await year).json();
  // The period line changes once the year's briefing has replaced the month's.
  await expect(page.getByTestId('period')).toContainText(`${api.period.from} — ${api.period.to}`);
  for (const k of TOTALS) {
    await expect(page.getByTestId(`total-${k}`)).toHaveText(String(api.totals[k]));
  }
  await expect(page.getByTestId('total-rate')).toHaveText(rateText(api.totals.on_time, api.totals.completed));
  expect(api.units.length).toBeGreaterThan(0);
  for (const u of api.units) {
    // Columns after the unit: lead, done, on-time rate, average days, overdue, reminders, 2nd, returns.
    const cells = page.locator(`[data-testid="unit-table"] tr[data-key="${u.unit}"] td`);
    await expect(cells.nth(1)).toHaveText(String(u.completed));
    await expect(cells.nth(2)).toHaveText(rateText(u.on_time, u.completed));
    await expect(cells.nth(3)).toHaveText(daysText(u.average_working_days));
    await expect(cells.nth(4)).toHaveText(String(u.overdue));
    await expect(cells.nth(5)).toHaveText(String(u.reminders));
    await expect(cells.nth(7)).toHaveText(String(u.returns));
  }
  await expect(page.getByTestId('key-items').locator('li')).toHaveCount(api.key_items.length);
  await expect(page.getByTestId('criticized').locator('li')).toHaveCount(api.criticized.length);
  if (api.units.some((u) => u.completed > 0)) {
    await expect(page.getByRole('img', { name: '各单位按期办结率' })).toBeVisible();
  }
  await expect(page.getByRole('img', { name: '按月新交办与办结事项' })).toBeVisible();
  await page.screenshot({ path: path.join(OUTPUT, `${testInfo.project.name}-briefing-office.png`), fullPage: true });

  const lead = `本年度督办工作总体平稳，重点事项按计划推进（${testInfo.project.name}）。`;
  await page.getByTestId('lead').fill(lead);
  await page.getByTestId('issue').click();
  const ok = page.getByTestId('issued-ok');
  await expect(ok).toContainText('督办简报〔');
  const number = (await ok.locator('a').textContent()).trim();
  const list = page.getByTestId('issued-list');
  await expect(list).toContainText(number);
  // As issued: the figures of the moment it was issued, which other tests' matters may have moved
  // since the preview above.
  const issuedAnswer = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/reports/briefings/'));
  await list.getByRole('link', { name: number }).click();
  const issued = await (await issuedAnswer).json();
  await expect(page.getByTestId('issued-number')).toHaveText(number);
  await expect(page.getByTestId('issued-lead')).toHaveText(lead);
  expect(issued.lead).toBe(lead);
  await expect(page.getByTestId('total-new')).toHaveText(String(issued.briefing.totals.new));
  // Its Excel is the one kept at issue, named by its number.
  await downloadsExcel(page, 'briefing-excel', `${number}统计`);
  // Print: only the report is laid out on the page, the shell and buttons are hidden.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.userstrip')).toBeHidden();
  await expect(page.getByRole('button', { name: '打印' })).toBeHidden();
});

test('a leader reads the quarterly report, its comparison and its charts, and cannot issue briefings', async ({ page }, testInfo) => {
  await signIn(page, 'leader');
  const quarterly = answerTo(page, '/api/reports/quarterly', {}, { exact: true });
  await page.getByRole('link', { name: '季度报告' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '季度督办工作报告' })).toBeVisible();
  const api = await (await quarterly).json();
  const q = api.quarter;
  await expect(page.getByTestId('quarter')).toHaveText(`${q.year} Q${q.quarter}`);
  for (const k of TOTALS) {
    const cells = page.locator(`[data-testid="comparison"] tr[data-key="${k}"] td`);
    await expect(cells.nth(0)).toHaveText(String(api.briefing.totals[k]));
    await expect(cells.nth(1)).toHaveText(String(api.previous[k]));
  }
  await expect(page.getByTestId('unit-comparison').locator('tbody tr')).toHaveCount(api.units.length);
  const trend = page.getByRole('img', { name: '按月新交办与办结事项' });
  await expect(trend).toBeVisible();
  await expect(trend.locator('rect.bar-new')).toHaveCount(api.briefing.trend.length + 1);
  await downloadsExcel(page, 'quarterly-excel', `督办季度报告${q.year}年第${q.quarter}季度`);
  await page.screenshot({ path: path.join(OUTPUT, `${testInfo.project.name}-quarterly-leader.png`), fullPage: true });
  // The charts as a phone shows them, for the README.
  await page.getByRole('img', { name: '各单位按期办结率' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(OUTPUT, `${testInfo.project.name}-quarterly-charts.png`) });

  const p = api.previous_quarter;
  await page.getByRole('button', { name: '‹ 上一季度' }).click();
  await expect(page.getByTestId('quarter')).toHaveText(`${p.year} Q${p.quarter}`);

  await page.getByRole('link', { name: '督办简报' }).click();
  await expect(page.getByTestId('total-new')).toBeVisible();
  await expect(page.getByTestId('issue-form')).toBeHidden();
});

test('the discipline office reads the accountability list by unit and by matter', async ({ page }, testInfo) => {
  const accountability = answerTo(page, '/api/reports/accountability');
  await signIn(page, 'discipline');
  await expect(page.getByRole('heading', { level: 2, name: '问责清单' })).toBeVisible();
  const api = await (await accountability).json();
  await expect(page.getByTestId('accountability').locator('li')).toHaveCount(api.lines.length);
  await expect(page.getByTestId('accountability-units').locator('tbody tr')).toHaveCount(api.units.length);
  await page.screenshot({ path: path.join(OUTPUT, `${testInfo.project.name}-accountability.png`), fullPage: true });
  await downloadsExcel(page, 'accountability-excel', `督办问责清单${api.as_of}`);
});

test('the office opens the accountability list from its navigation', async ({ page }) => {
  await signIn(page, 'office');
  const accountability = answerTo(page, '/api/reports/accountability');
  await page.getByRole('link', { name: '问责清单' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '问责清单' })).toBeVisible();
  const api = await (await accountability).json();
  await expect(page.getByTestId('accountability-units').locator('tbody tr')).toHaveCount(api.units.length);
  await expect(page.getByTestId('accountability-excel')).toBeVisible();
});

test('a unit user has no report screens and the server refuses the reports', async ({ page }) => {
  await signIn(page, 'ysxy-liaison');
  for (const name of ['督办简报', '季度报告', '问责清单']) {
    await expect(page.getByRole('link', { name })).toHaveCount(0);
  }
  for (const url of ["/briefing", "/quarterly"]) {
    await page.goto(url);
    await expect(page.locator('.load-error [role="alert"]').first()).toContainText('无权');
    await expect(page.getByTestId('totals')).toHaveCount(0);
  }
  for (const url of ['/api/reports/briefing', '/api/reports/briefings', '/api/reports/quarterly', '/api/reports/accountability']) {
    expect((await page.request.get(url)).status(), url).toBe(403);
  }
});
