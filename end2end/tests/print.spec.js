// Print views: from a matter page, the office opens a form's A4 print view in a new tab; another
// unit is refused the same URL. The forms are server-rendered HTML, not part of the app's wasm.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');
const path = require('node:path');

const OUTPUT = path.join(__dirname, '..', 'output');

/**
 * An archived HBUT demo matter: every one of its forms has been filled in. A demo one, never the
 * matter the journey test archives meanwhile in the other project.
 */
async function archivedHbut(page) {
  const r = await page.request.get('/api/matters?stage=archived&per_page=200');
  expect(r.ok()).toBeTruthy();
  const m = (await r.json()).items.find((x) => x.procedure === 'hbut' && x.id.startsWith('demo-'));
  expect(m, 'the demo has an archived HBUT matter').toBeTruthy();
  return m;
}

test('the office prints a matter’s 归档登记表 on A4 from the matter page', async ({ page }, testInfo) => {
  await signIn(page, 'office');
  const m = await archivedHbut(page);
  await page.goto(`/matters/${m.id}`);
  const links = page.getByTestId('print-link');
  await expect(links.filter({ hasText: '立项登记表' })).toBeVisible();
  await expect(links.filter({ hasText: '督办事项通知单' })).toBeVisible();
  // GDUFS forms are not this procedure's, so they are not offered.
  await expect(links.filter({ hasText: '督办单' }).filter({ hasNotText: '通知单' })).toHaveCount(0);

  const [sheet] = await Promise.all([
    page.waitForEvent('popup'),
    links.filter({ hasText: '归档登记表' }).click(),
  ]);
  await sheet.waitForLoadState();
  await expect(sheet).toHaveURL(new RegExp(`/print/matters/${m.id}/archive_register$`));
  await expect(sheet.getByRole('heading', { level: 1 })).toHaveText('湖北工业大学督办事项办结材料归档登记表');
  const table = sheet.locator('table.grid');
  await expect(table).toContainText('办结相关材料');
  await expect(table).toContainText(m.number);
  await expect(table).toContainText(m.title);
  // On paper: the toolbar goes, the sheet fills an A4 page.
  await sheet.emulateMedia({ media: 'print' });
  await expect(sheet.locator('.toolbar')).toBeHidden();
  await sheet.screenshot({ path: path.join(OUTPUT, `${testInfo.project.name}-print-archive.png`), fullPage: true });
  const pdf = await sheet.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // One A4 page: the register has a single line.
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
  expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[0 0 59[45]\.\d+ 841\.\d+\]/);
});

test('another unit opening a print URL gets a Chinese refusal, not the form', async ({ page }) => {
  await signIn(page, 'office');
  const m = await archivedHbut(page);
  const outsider = m.lead_unit === 'cwc' ? 'xgb-liaison' : 'cwc-liaison';
  await page.request.delete('/api/session');
  await signIn(page, outsider);
  const r = await page.goto(`/print/matters/${m.id}/archive_register`);
  expect(r.status()).toBe(404);
  await expect(page.getByTestId('print-refused')).toContainText('找不到该资源');
  await expect(page.locator('body')).not.toContainText(m.title);
});
