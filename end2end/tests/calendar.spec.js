// The admin's calendar editor: mark a weekday as a holiday, save, see it after a reload and see a
// deadline skip it; a non-admin has no editor (the server also refuses their PUT, see
// server/tests/api/calendar.rs). Each project edits its own far-off year so runs do not meet.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');
const path = require('node:path');

const OUTPUT = path.join(__dirname, '..', 'output');

test('the admin marks a holiday, it stays after a reload and deadlines skip it', async ({ page }, testInfo) => {
  const year = testInfo.project.name === 'phone' ? 2031 : 2030;
  // The Wednesday of the second week of January, and the Monday before it.
  const monday = new Date(Date.UTC(year, 0, 6));
  while (monday.getUTCDay() !== 1) monday.setUTCDate(monday.getUTCDate() + 1);
  const iso = (d) => d.toISOString().slice(0, 10);
  const plus = (n) => iso(new Date(monday.getTime() + n * 86_400_000));
  const wednesday = plus(2);

  await signIn(page, 'admin');
  const editor = page.getByTestId('calendar-editor');
  await expect(editor).toBeVisible();
  await editor.getByLabel('年份').fill(String(year));
  await editor.getByLabel('年份').press('Enter');
  await editor.getByLabel('年份').blur();
  await expect(editor.getByTestId('calendar-status')).toContainText('预估');
  const day = editor.locator(`button[data-date="${wednesday}"]`);
  await expect(day).toHaveAttribute('aria-label', `${wednesday} 工作日`);

  // Before: three working days after Monday is Thursday.
  const tryDeadline = async () => {
    await editor.getByLabel('起算日期').fill(iso(monday));
    await editor.getByLabel('工作日数').fill('3');
    await editor.getByRole('button', { name: '试算办结时限' }).click();
  };
  await tryDeadline();
  await expect(editor.getByTestId('deadline-result')).toHaveText(`${plus(3)}（预估）`);

  await editor.getByLabel('假日', { exact: true }).check();
  await day.click();
  await expect(day).toHaveClass(/holiday/);
  await editor.getByTestId('calendar-save').click();
  await expect(editor.getByTestId('calendar-status')).toContainText('管理员已修改');
  await expect(editor.getByRole('alert')).toBeEmpty();
  await editor.screenshot({ path: path.join(OUTPUT, `${testInfo.project.name}-calendar-editor.png`) });

  // After: the holiday is skipped, so the deadline moves to Friday.
  await tryDeadline();
  await expect(editor.getByTestId('deadline-result')).toHaveText(plus(4));

  await page.reload();
  await editor.getByLabel('年份').fill(String(year));
  await editor.getByLabel('年份').blur();
  await expect(editor.locator(`button[data-date="${wednesday}"]`)).toHaveAttribute('aria-label', `${wednesday} 假日`);

  // A make-up working day must be a weekend: the server's reason shows next to Save.
  await editor.getByLabel('调休上班').check();
  await editor.locator(`button[data-date="${plus(1)}"]`).click();
  await editor.getByTestId('calendar-save').click();
  await expect(editor.getByRole('alert')).toContainText('必须是周六或周日');
});

test('a non-admin has no calendar editor', async ({ page }) => {
  await signIn(page, 'office');
  await expect(page.getByRole('heading', { level: 1, name: '督办台账' })).toBeVisible();
  await expect(page.getByTestId('calendar-editor')).toHaveCount(0);
  const r = await page.request.put('/api/calendar/2030', {
    data: { year: 2030, source: '', holidays: [], makeup_workdays: [] },
  });
  expect(r.status()).toBe(403);
  expect((await r.json()).code).toBe('forbidden');
});
