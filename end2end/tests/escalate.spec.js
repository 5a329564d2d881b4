// The office escalates a proposal from its queue through the form in place: the note prefilled from the
// grounds, the lead leader picked by name. A refusal is shown beside the form and keeps what was typed;
// once accepted, the routine matter ends as escalated and continues as a key item (that it then leaves
// the queue at once is server/tests/api/reminders.rs).
const { test, expect } = require('@playwright/test');
const { signIn, ESCALATION_SPARE } = require('./support');

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
  // The office's seat is a laptop; the phone project would race for the same queue entry.
  test.skip(testInfo.project.name !== 'desktop', 'the office works on a laptop; one spare queue entry');
  await signIn(page, 'office');
  const queue = await (await page.request.get('/api/escalations')).json();
  const target = queue.find((e) => e.matter.id === ESCALATION_SPARE);
  expect(target, `${ESCALATION_SPARE} waits in the demo's escalation queue`).toBeTruthy();
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
