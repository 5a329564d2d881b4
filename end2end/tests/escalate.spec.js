// The office escalates a proposal from its queue through the form in place: the note prefilled from the
// grounds, the lead leader picked by name. A refusal is shown beside the form and keeps what was typed;
// once accepted, the routine matter ends as escalated and continues as a key item (that it then leaves
// the queue at once is server/tests/api/reminders.rs).
const { test, expect } = require('@playwright/test');
const { signIn } = require('./support');

// The matter the read-only tests of screens.spec.js open: never escalated here.
const READ_ONLY = 'demo-0018';

const GROUNDS = {
  overdue: '未能在规定时限内完成',
  review_failed: '办理结果未达到要求',
  reminders_without_result: '经多次催办仍未完成',
  emergency: '紧急事项需立即落实',
};

test.beforeEach(async ({ page }) => {
  page.on('pageerror', (err) => {
    throw err;
  });
});

test('the office escalates a queued matter into a key item led by the leader it picks', async ({ page }, testInfo) => {
  // One project only: the demo queue has no entry to spare (its one entry is READ_ONLY), so the queue is
  // served here with an issued, open routine matter, and the escalation goes to the real server; two
  // projects would each need their own such matter, and the form is the same markup on a phone.
  test.skip(testInfo.project.name !== 'desktop', 'one matter to spare; the form is the same markup on a phone');
  await signIn(page, 'office');
  // An issued, open routine matter that is not red: screens.spec.js sends reminders on red ones meanwhile.
  const open = (await (await page.request.get('/api/matters?kind=routine&open=true&per_page=200')).json()).items;
  let target = null;
  for (const m of open.filter((m) => m.id !== READ_ONLY && m.light !== 'red')) {
    const detail = await (await page.request.get(`/api/matters/${m.id}`)).json();
    if (detail.allowed_actions.includes('escalate')) {
      target = { matter: m, reasons: ['review_failed', 'reminders_without_result'] };
      break;
    }
  }
  expect(target).not.toBeNull();
  await page.route('**/api/escalations', (route) => route.fulfill({ json: [{ ...target, proposed_on: '2026-01-05' }] }));
  await page.goto('/escalations');
  const id = target.matter.id;
  const entry = page.getByTestId('escalation').filter({ has: page.locator(`a[href="/matters/${id}"]`) });

  await entry.getByRole('button', { name: '转为重点督办', exact: true }).click();
  const note = entry.getByLabel('转重点督办的说明');
  for (const reason of target.reasons) {
    await expect(note).toHaveValue(new RegExp(GROUNDS[reason]));
  }
  await note.fill('逾期且多次催办未果，转为重点督办，请牵头领导督促。');
  await entry.getByLabel('牵头领导').selectOption({ label: '陈卫东（副校长）' });

  // A deadline in the past is refused by the server: the reason is shown in place, nothing typed is lost.
  await entry.getByLabel(/办结时限/).fill('2020-01-01');
  await entry.getByRole('button', { name: '确认转为重点督办' }).click();
  await expect(entry.getByRole('alert')).toContainText('早于今天');
  await expect(note).toHaveValue('逾期且多次催办未果，转为重点督办，请牵头领导督促。');
  await expect(entry.getByLabel('牵头领导')).toHaveValue('leader2');

  await entry.getByLabel(/办结时限/).fill('');
  await entry.getByRole('button', { name: '确认转为重点督办' }).click();
  await expect(entry.getByRole('status')).toContainText('已转为重点督办');

  await entry.getByRole('link', { name: '查看新事项' }).click();
  await expect(page.getByTestId('matter-title')).toHaveText(target.matter.title);
  await expect(page.locator('.matter-meta .kind')).toHaveText('重点督办事项');
  await expect(page).not.toHaveURL(new RegExp(`/matters/${id}$`));

  const routine = await (await page.request.get(`/api/matters/${id}`)).json();
  expect(routine.matter.stage).toBe('escalated');
});
