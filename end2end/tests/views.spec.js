// Saved views of the ledger: the office saves the current filters under a name, and picks the view
// again in another session (the view lives on the server, so it follows the user to another device).
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');

test('the office saves a ledger view and picks it again after signing in elsewhere', async ({ browser }, testInfo) => {
  // Each project its own filters: Delete removes the view matching the filters shown.
  const light = testInfo.project.name === 'phone' ? 'yellow' : 'red';
  const name = `重点-${light}-${testInfo.project.name}`;
  const laptop = await browser.newPage();
  await signIn(laptop, 'office');
  await laptop.goto(`/ledger?light=${light}&kind=key&sort=-deadline`);
  await expect(laptop.getByTestId('ledger')).toBeVisible();
  const views = laptop.getByTestId('saved-views');
  await views.getByLabel('视图名称').fill(name);
  await views.getByRole('button', { name: '保存当前视图' }).click();
  await expect(views.getByLabel('已存视图')).toHaveValue(/.+/);
  await expect(views.locator('.form-error')).toBeEmpty();

  // Another browser context: a fresh session, as on the phone.
  const context = await browser.newContext();
  const phone = await context.newPage();
  await signIn(phone, 'office');
  await phone.goto('/ledger');
  const picker = phone.getByTestId('saved-views').getByLabel('已存视图');
  await expect(picker.locator('option', { hasText: name })).toHaveCount(1);
  await picker.selectOption({ label: name });
  await expect(phone).toHaveURL(new RegExp(`light=${light}`));
  await expect(phone).toHaveURL(/kind=key/);
  await expect(phone).toHaveURL(/sort=-deadline/);
  await expect(phone.getByLabel('亮灯')).toHaveValue(light);

  // A blank name is refused by the server, and the reason shows next to the form, in Chinese.
  const form = phone.getByTestId('saved-views');
  await form.getByLabel('视图名称').fill('   ');
  await form.getByRole('button', { name: '保存当前视图' }).click();
  await expect(form.getByRole('alert')).toContainText('视图名称不能为空');

  // Deleting it there removes it everywhere.
  await form.getByRole('button', { name: '删除视图' }).click();
  await expect(picker.locator('option', { hasText: name })).toHaveCount(0);
  await laptop.reload();
  await expect(laptop.getByTestId('saved-views').getByLabel('已存视图').locator('option', { hasText: name })).toHaveCount(0);
  await context.close();
});

test('of two views with the same filters, Delete removes the one picked', async ({ page }, testInfo) => {
  const light = testInfo.project.name === 'phone' ? 'done' : 'green';
  const first = `同条件甲-${testInfo.project.name}`;
  const second = `同条件乙-${testInfo.project.name}`;
  await signIn(page, 'office');
  await page.goto(`/ledger?light=${light}&kind=routine`);
  const form = page.getByTestId('saved-views');
  const picker = form.getByLabel('已存视图');
  for (const name of [first, second]) {
    await form.getByLabel('视图名称').fill(name);
    await form.getByRole('button', { name: '保存当前视图' }).click();
    await expect(picker.locator('option', { hasText: name })).toHaveCount(1);
  }
  await picker.selectOption({ label: second });
  await expect(picker.locator('option:checked')).toHaveText(second);
  await form.getByRole('button', { name: '删除视图' }).click();
  await expect(picker.locator('option', { hasText: second })).toHaveCount(0);
  await expect(picker.locator('option', { hasText: first })).toHaveCount(1);
  // Tidy up: the remaining one goes too.
  await picker.selectOption({ label: first });
  await form.getByRole('button', { name: '删除视图' }).click();
  await expect(picker.locator('option', { hasText: first })).toHaveCount(0);
});
