// Helpers shared by the browser tests.
const { expect } = require('@playwright/test');

const PASSWORD = 'duban-demo';

/** Signs in on the login page and waits until the top bar shows who we are. */
async function signIn(page, username) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('display-name')).not.toBeEmpty();
}

module.exports = { PASSWORD, signIn };
