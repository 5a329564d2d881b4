// Changing one's own password from the user menu: the current one asked, the other session ended.
const { test, expect } = require('@playwright/test');
const { PASSWORD, signIn } = require('./support');

// Each project (desktop, phone) changes a user of its own: they run at once against one server.
const USER = { desktop: 'tsg-liaison', phone: 'tsg-handler' };
const NEW_PASSWORD = 'a-new-long-passphrase';

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

test('a user changes their password from the user menu; the other session ends', async ({ page, playwright, baseURL }, testInfo) => {
  const username = USER[testInfo.project.name];
  // Another device, signed in before the change.
  const other = await playwright.request.newContext({ baseURL });
  expect((await other.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(200);

  await signIn(page, username);
  await page.getByTestId('change-password').click();
  await expect(page).toHaveURL(/\/password$/);
  await expect(page.getByRole('heading', { level: 1, name: '修改密码' })).toBeVisible();

  // A wrong current password is refused and says so.
  await page.getByLabel('当前密码').fill('not-my-password');
  await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
  await page.getByTestId('change-password-submit').click();
  await expect(page.getByTestId('password-error')).toContainText('当前密码不正确');
  expect((await other.get('/api/me')).status()).toBe(200);

  // Two different new passwords are caught before anything is sent.
  await page.getByLabel('当前密码').fill(PASSWORD);
  await page.getByLabel('再次输入新密码').fill(`${NEW_PASSWORD}x`);
  await page.getByTestId('change-password-submit').click();
  await expect(page.getByTestId('password-error')).toHaveText('两次输入的新密码不一致。');

  await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD);
  await page.getByTestId('change-password-submit').click();
  await expect(page.getByTestId('password-changed')).toHaveText('密码已修改，其他设备上的登录已退出。');
  await expect(page.getByTestId('password-error')).toBeEmpty();

  // This session stays; the other one has ended; the new password signs in, the old one no more.
  await page.reload();
  await expect(page.getByTestId('display-name')).not.toBeEmpty();
  expect((await other.get('/api/me')).status()).toBe(401);
  expect((await other.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(401);
  expect((await other.post('/api/session', { data: { username, password: NEW_PASSWORD } })).status()).toBe(200);
  await other.dispose();
});

test('the password screen speaks English after the language switch', async ({ page }) => {
  await signIn(page, 'office');
  await page.getByTestId('lang-switch').click();
  await page.getByTestId('change-password').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible();
  await expect(page.getByLabel('Current password')).toBeVisible();
  await expect(page.getByLabel('New password again')).toBeVisible();
});
