// Signing in and out as an office user and a unit liaison, on a desktop and a phone viewport.
const { test, expect } = require('@playwright/test');
const path = require('node:path');

const PASSWORD = 'duban-demo';
const OUTPUT = path.join(__dirname, '..', 'output');

const USERS = [
  { username: 'office', role: '督办室', roleEn: 'Supervision office', unit: '全校' },
  { username: 'jwc-liaison', role: '督办联络员', roleEn: 'Unit liaison', unit: '教务处' },
];

async function signIn(page, username, password = PASSWORD) {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

test.beforeEach(async ({ page }) => {
  // Any uncaught error in the app (a broken wasm, a panic) fails the test.
  page.on('pageerror', (err) => {
    throw err;
  });
});

for (const user of USERS) {
  test(`${user.username} signs in, sees name, role and unit, survives a reload, signs out`, async ({
    page,
  }, testInfo) => {
    await page.goto('/');
    // Without a session the app sends us to the login page.
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();

    await signIn(page, user.username);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('display-name')).not.toBeEmpty();
    await expect(page.getByTestId('role')).toHaveText(user.role);
    await expect(page.getByTestId('unit')).toHaveText(user.unit);
    await page.screenshot({
      path: path.join(OUTPUT, `${testInfo.project.name}-${user.username}.png`),
      fullPage: true,
    });

    // The session is a cookie on the server's side: a reload keeps us signed in.
    const name = await page.getByTestId('display-name').textContent();
    await page.reload();
    await expect(page.getByTestId('display-name')).toHaveText(name);
    await expect(page.getByTestId('role')).toHaveText(user.role);

    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByLabel('用户名')).toBeVisible();
    // And the session is really gone on the server: `/` sends us back to the login page.
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
  });
}

test('a wrong password shows the server error in Chinese next to the form', async ({ page }) => {
  await page.goto('/login');
  // Its own account, so the per-account rate limit never touches the users the other tests sign in as.
  await signIn(page, 'kyc-handler', 'not-the-password');
  const error = page.getByTestId('login-error');
  await expect(error).toHaveText('用户名或密码错误');
  await expect(page.getByLabel('密码')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/login$/);
});

test('empty fields are caught before calling the server', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('请输入用户名和密码。');
});

test('the language switch is remembered across reloads and sign-in', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByLabel('Username').fill('jwc-liaison');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('role')).toHaveText('Unit liaison');
  await expect(page.getByTestId('unit')).toHaveText('教务处');

  // Back to Chinese: remembered too.
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByTestId('role')).toHaveText('督办联络员');
  await page.reload();
  await expect(page.getByTestId('role')).toHaveText('督办联络员');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('a wrong password in English shows the English message', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByLabel('Username').fill('kyc-head');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('login-error')).toHaveText('Wrong username or password');
});
