// Each role signs in and its landing screen is photographed once it has drawn its data.
const { test, expect } = require('@playwright/test');
const path = require('node:path');
const { signIn } = require('../tests/support');

const OUT = path.join(__dirname, '..', '..', 'docs', 'screenshots');

const ROLES = [
  ['office', 'office'],
  ['leader', 'leader'],
  ['discipline', 'discipline'],
  ['admin', 'admin'],
  ['jwc-head', 'unit-head'],
  ['jwc-liaison', 'liaison'],
  ['jwc-handler', 'handler'],
];

for (const [user, name] of ROLES) {
  test(`${name}'s landing screen`, async ({ page }, testInfo) => {
    await signIn(page, user);
    // Drawn: the screen's chunk is in (no spinner) and its data too (no skeleton).
    await expect(page.locator('.spinner')).toHaveCount(0, { timeout: 20_000 });
    await expect(page.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
    await page.screenshot({ path: path.join(OUT, `${name}-${testInfo.project.name}.png`) });
  });
}
