// Each screen's code is a wasm chunk of its own, fetched when the screen is first shown
// (app/src/chunks.rs). A chunk that cannot be fetched must not stop the app: the screen says so and
// its retry button loads it once the network is back.
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');

// The service worker would answer from its cache; this test is about the network.
test.use({ serviceWorkers: 'block' });

test('a screen whose code cannot be fetched says so, and Try again loads it', async ({ page }) => {
  await signIn(page, 'office');
  let blocked = true;
  await page.route(/\/split_drafts-[0-9a-f]+\.wasm$/, (route) =>
    blocked ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.goto('/drafts');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('此页面未能加载，请检查网络后重试。');
  // The rest of the app still works: the top bar is there and answers.
  await expect(page.getByTestId('display-name')).not.toBeEmpty();

  blocked = false;
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByTestId('no-drafts')).toBeVisible();
});

test('the first download holds the shell only: a screen’s chunk is fetched when it is opened', async ({
  page,
}) => {
  const fetched = [];
  page.on('request', (r) => {
    const name = new URL(r.url()).pathname;
    if (name.endsWith('.wasm')) fetched.push(name);
  });
  await signIn(page, 'office');
  expect(fetched.some((n) => /^\/split_ledger-/.test(n))).toBe(true);
  expect(fetched.some((n) => /^\/split_quarterly-/.test(n))).toBe(false);
  await page.goto('/quarterly');
  await expect.poll(() => fetched.some((n) => /^\/split_quarterly-/.test(n))).toBe(true);
});
