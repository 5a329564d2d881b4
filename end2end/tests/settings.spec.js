// The admin's settings screen: a bad value is refused by name and nothing changes; a new number
// format, saved by the admin on the laptop, numbers the next matter the office registers; the
// defaults are restored at the end (and by the API should the test fail half-way), so other specs
// see the shipped settings. On the phone the admin reads the same form.
const { test, expect } = require('@playwright/test');
const { PASSWORD, signIn, officeProposes } = require('./support');

const SHIPPED = {
  number_format: '督〔{year}〕{seq}号',
  yellow_days: 3,
  escalation_reminders: 2,
  commend_min_completed: 1,
  commend_rate_percent: 100,
  criticize_rate_percent: 60,
  criticize_returns: 2,
  procedures: { gdufs_routine: true, gdufs_key: true, gdufs_emergency: true, hbut: true },
};

async function signedIn(playwright, baseURL, username) {
  const ctx = await playwright.request.newContext({ baseURL });
  expect((await ctx.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(200);
  return ctx;
}

test('the admin reads the settings on a phone', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'the laptop test below changes them');
  await signIn(page, 'admin');
  await page.goto('/settings');
  await expect(page.getByRole('heading', { level: 1, name: '系统设置' })).toBeVisible();
  await expect(page.getByLabel('编号格式')).toHaveValue(/\{seq/);
  await expect(page.getByLabel(/黄灯提前工作日数/)).toBeVisible();
  await expect(page.getByRole('checkbox', { name: /HBUT/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '保存设置' })).toBeVisible();
  // Nothing wider than the phone's screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a number format the admin saves numbers the next matter the office registers', async ({ page, browser, playwright, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'one project changes the settings, so two never race');
  test.setTimeout(120_000);
  const admin = await signedIn(playwright, baseURL, 'admin');
  try {
    await signIn(page, 'admin');
    await page.getByRole('link', { name: '系统设置' }).first().click();
    await expect(page).toHaveURL(/\/settings$/);
    const format = page.getByLabel('编号格式');
    await expect(format).toHaveValue(SHIPPED.number_format);
    const year = new Date().getFullYear();
    await expect(page.getByTestId('number-example')).toHaveText(`例：督〔${year}〕12号`);

    // A value out of range is refused by its name, and nothing is saved.
    await page.getByLabel(/黄灯提前工作日数/).fill('11');
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect(page.getByTestId('settings-error')).toContainText('yellow_days');
    await expect(page.getByTestId('settings-error')).toContainText('1 到 10');
    expect((await (await admin.get('/api/settings')).json()).settings).toEqual(SHIPPED);

    // The new format, with its example as typed.
    await page.getByLabel(/黄灯提前工作日数/).fill('3');
    await format.fill('校督〔{year}〕第{seq:3}号');
    await expect(page.getByTestId('number-example')).toHaveText(`例：校督〔${year}〕第012号`);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/settings') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: '保存设置' }).click();
    expect((await saved).status()).toBe(200);
    await expect(page.getByTestId('settings-saved')).toHaveText('已保存，各服务器立即生效');

    // The office registers a matter (proposed and approved through the API) on its laptop.
    const title = `设置测试 ${Date.now()}`;
    const { matter } = await officeProposes(playwright, baseURL, testInfo, {
      title,
      lead_unit: 'jwc',
      content: '按新的编号格式立项。',
      requirements: '按期办结',
    });
    const leader = await signedIn(playwright, baseURL, 'leader');
    const approved = await leader.post(`/api/matters/${matter.id}/actions`, {
      headers: { 'Idempotency-Key': `e2e-settings-${Date.now()}` },
      data: { version: matter.version, action: { type: 'approve_proposal', opinion: '同意' } },
    });
    expect(approved.status(), await approved.text()).toBe(200);
    const office = await (await browser.newContext({ baseURL, locale: 'zh-CN' })).newPage();
    await signIn(office, 'office');
    await office.goto(`/matters/${matter.id}`);
    await expect(office.getByTestId('matter-title')).toHaveText(title);
    const form = office.getByTestId('action-register');
    await form.locator('summary').click();
    const registered = office.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
    await form.locator('button[type="submit"]').click();
    expect((await registered).status()).toBe(200);
    await expect(office.getByTestId('matter-number')).toHaveText(new RegExp(`^校督〔${year}〕第\\d{3}号$`));

    // The admin puts the defaults back from the screen.
    await page.reload();
    await expect(format).toHaveValue('校督〔{year}〕第{seq:3}号');
    await page.getByRole('button', { name: /恢复默认值/ }).click();
    await expect(format).toHaveValue(SHIPPED.number_format);
    await page.getByRole('button', { name: '保存设置' }).click();
    await expect(page.getByTestId('settings-saved')).toHaveText('已保存，各服务器立即生效');
    expect((await (await admin.get('/api/settings')).json()).settings).toEqual(SHIPPED);
  } finally {
    const restored = await admin.put('/api/settings', { data: SHIPPED });
    expect(restored.status()).toBe(200);
  }
});
