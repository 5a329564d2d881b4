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

/**
 * The office, signed in through its own request context, proposes a routine matter for `leader` to
 * decide; returns that context and the created matter.
 */
async function officeProposes(playwright, baseURL, testInfo, { title, lead_unit, content, requirements }) {
  const office = await playwright.request.newContext({ baseURL });
  expect((await office.post('/api/session', { data: { username: 'office', password: PASSWORD } })).status()).toBe(200);
  const created = await office.post('/api/matters', {
    headers: { 'Idempotency-Key': `e2e-propose-${testInfo.project.name}-${Date.now()}-${Math.random()}` },
    data: {
      type: 'propose',
      procedure: 'gdufs_routine',
      matter: { title, content, source_category: 'meeting_resolution', lead_unit, leader_in_charge: 'leader', requirements },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return { office, matter: (await created.json()).matter };
}

/**
 * The page's own answer to `GET path` with these query parameters (and no others when `exact`); call
 * it before the step that makes the page ask. A screen is checked against the answer it was drawn
 * from, not against a second read: both projects run at once on one server, and a reminder sent, a
 * report returned or a matter proposed by another test can change a list or a figure between two reads.
 */
function answerTo(page, path, params = {}, { exact = false } = {}) {
  return page.waitForResponse((r) => {
    const url = new URL(r.url());
    return (
      r.request().method() === 'GET' &&
      url.pathname === path &&
      Object.entries(params).every(([k, v]) => url.searchParams.get(k) === v) &&
      (!exact || [...url.searchParams.keys()].length === Object.keys(params).length)
    );
  });
}

/**
 * A matter the demo puts in the office's escalation queue for escalate.spec.js to escalate; other specs
 * leave it alone (the demo keeps more queue entries, e.g. demo-0018, for reading).
 */
const ESCALATION_SPARE = 'demo-0089';

/** An overdue HBUT matter whose 催办单 went unanswered, kept for steps.spec.js's reminders. */
const REMINDER_SPARE = 'demo-0091';

module.exports = { PASSWORD, signIn, officeProposes, answerTo, ESCALATION_SPARE, REMINDER_SPARE };
