// The office's own seat: the new-matter form enters everything the regulations ask for (source
// reference, leaders picked by name, 长期推进, 重大事项 with its consultation, 需制定政策), an emergency is
// started first and numbered when its 督办单 is written on the matter page, and the matter page's
// escalation asks for the note and the lead leader. Every test creates its own matters (titles carry the
// project's name), so the phone and laptop projects never touch the same one.
const { test, expect } = require('@playwright/test');
const { PASSWORD, signIn } = require('./support');

test.beforeEach(async ({ page }) => {
  test.setTimeout(90_000);
  page.on('pageerror', (err) => {
    throw err;
  });
});

const unique = (testInfo, what) => `${what}（${testInfo.project.name}-${Date.now() % 100000}）`;

/** A field's box (`label` as the form shows it) inside the new-matter form. */
const box = (page, label) => page.locator('form').getByLabel(label, { exact: true });

test('the office proposes an HBUT matter with its source, leaders picked by name and a policy to make', async ({ page }, testInfo) => {
  await signIn(page, 'office');
  await page.goto('/ledger/new');
  const title = unique(testInfo, '制定科研经费管理办法');
  await page.getByLabel('程序').selectOption('hbut');
  await page.getByLabel('事项标题 *').fill(title);
  await page.getByLabel('事项内容 *').fill('按校长办公会决定，制定新的科研经费管理办法。');
  await page.getByLabel('来源类别').selectOption('meeting_resolution');
  await page.getByLabel(/来源文号/).fill('校长办公会纪要〔2026〕12号');
  await page.getByLabel('主办单位 *').selectOption({ label: '科研处' });
  // Leaders by their names, never typed usernames.
  await page.getByLabel('分管校领导').selectOption({ label: '李建国（分管督办校领导）' });
  await page.getByLabel(/牵头领导/).selectOption({ label: '陈卫东（副校长）' });
  await box(page, '需充分调研、制定政策（5 个工作日内报送工作计划）').check();
  await box(page, '长期推进，按年度滚动跟踪').check();
  await box(page, '重大或复杂事项（须先征求意见）').check();

  // A major item without its consultation is refused, in Chinese, naming what is missing; nothing is lost.
  await page.getByRole('button', { name: '提交拟办' }).click();
  await expect(page.getByTestId('new-error')).toContainText('征求');
  await expect(page.getByLabel('事项标题 *')).toHaveValue(title);

  await page.getByLabel('征求意见情况 *').fill('已征求财务处、各学院意见');
  await page.getByRole('button', { name: '提交拟办' }).click();
  await expect(page.getByTestId('matter-title')).toHaveText(title);

  const id = page.url().split('/').pop();
  const m = (await (await page.request.get(`/api/matters/${id}`)).json()).matter;
  expect(m.procedure).toBe('hbut');
  expect(m.source_reference).toBe('校长办公会纪要〔2026〕12号');
  expect([m.leader_in_charge, m.lead_leader]).toEqual(['leader', 'leader2']);
  expect([m.needs_policy, m.long_term, m.major]).toEqual([true, true, true]);
  expect(m.consultation).toBe('已征求财务处、各学院意见');
});

test('the needs-policy box is HBUT’s and is not offered for a GDUFS matter', async ({ page }) => {
  await signIn(page, 'office');
  await page.goto('/ledger/new');
  await page.getByLabel('程序').selectOption('gdufs_routine');
  await expect(box(page, '需充分调研、制定政策（5 个工作日内报送工作计划）')).toBeHidden();
  await page.getByLabel('程序').selectOption('hbut');
  await expect(box(page, '需充分调研、制定政策（5 个工作日内报送工作计划）')).toBeVisible();
});

test('an emergency is started at once, then its 督办单 is written on its page and numbered', async ({ page }, testInfo) => {
  await signIn(page, 'office');
  await page.goto('/ledger/new');
  await page.getByRole('button', { name: /紧急启动/ }).click();
  await expect(page.getByRole('heading', { name: '紧急启动督办' })).toBeVisible();
  // Only what is needed to act now: no leaders, no deadline yet.
  await expect(page.getByLabel('分管校领导')).toBeHidden();
  const title = unique(testInfo, '暴雨后校园设施抢修');
  await page.getByLabel('事项标题 *').fill(title);
  await page.getByLabel('事项内容 *').fill('立即排查并抢修受损设施。');
  await page.getByLabel('主办单位 *').selectOption({ label: '后勤保障处' });
  await page.getByLabel('启动方式 *').fill('校领导电话部署');
  await page.getByRole('button', { name: '立即启动督办' }).click();

  await expect(page.getByTestId('matter-title')).toHaveText(title);
  await expect(page.getByTestId('matter-number')).toHaveText('待补编督办单后编号');
  const form = page.getByTestId('action-complete_emergency_form');
  await form.locator('summary').click();
  await form.getByLabel('牵头领导 *').selectOption({ label: '陈卫东（副校长）' });
  await form.getByLabel('分管校领导').selectOption({ label: '李建国（分管督办校领导）' });
  await form.getByLabel('办理要求 *').fill('一周内完成抢修，每日报告进展。');
  const due = new Date(Date.now() + 8 * 3600_000 + 10 * 86400_000).toISOString().slice(0, 10);
  await form.getByLabel('办结时限 *').fill(due);
  await form.getByRole('button', { name: '补编督办单' }).click();
  await expect(page.getByTestId('action-done')).toContainText('补编督办单');
  await expect(page.getByTestId('matter-number')).toHaveText(/^督〔\d{4}〕\d+号$/);
});

/** An issued, open GDUFS routine matter of the office's own, made through the API. */
async function issuedRoutine(page, playwright, baseURL, title) {
  const key = () => `e2e-nm-${Date.now()}-${Math.random()}`;
  const created = await page.request.post('/api/matters', {
    headers: { 'Idempotency-Key': key() },
    data: {
      type: 'propose',
      procedure: 'gdufs_routine',
      // Urgent: a ground for key supervision from the day it is issued (GDUFS 第十条(一)4).
      matter: { title, content: '突发安全隐患的整改。', source_category: 'other', lead_unit: 'tsg', leader_in_charge: 'leader', emergency: true },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  let matter = (await created.json()).matter;
  const act = async (request, action) => {
    const r = await request.post(`/api/matters/${matter.id}/actions`, {
      headers: { 'Idempotency-Key': key() },
      data: { version: matter.version, action },
    });
    expect(r.status(), await r.text()).toBe(200);
    matter = (await r.json()).matter;
  };
  const leader = await playwright.request.newContext({ baseURL });
  expect((await leader.post('/api/session', { data: { username: 'leader', password: PASSWORD } })).status()).toBe(200);
  await act(leader, { type: 'approve_proposal', opinion: '同意' });
  await leader.dispose();
  await act(page.request, { type: 'register' });
  await act(page.request, { type: 'issue' });
  return matter.id;
}

test('the matter page escalates only with a note, prefilled from the grounds, and a lead leader picked by name', async ({ page, playwright, baseURL }, testInfo) => {
  await signIn(page, 'office');
  const title = unique(testInfo, '图书馆座位预约系统升级');
  const id = await issuedRoutine(page, playwright, baseURL, title);
  // The queue's grounds are computed by the daily sweep: served here as the sweep would list this matter.
  const rows = (await (await page.request.get('/api/matters?lead_unit=tsg&kind=routine&open=true&per_page=200')).json()).items;
  const row = rows.find((r) => r.id === id);
  expect(row).toBeTruthy();
  await page.route('**/api/escalations', (route) =>
    route.fulfill({ json: [{ matter: row, reasons: ['emergency'], proposed_on: '2026-01-05' }] }),
  );
  await page.goto(`/matters/${id}`);
  await expect(page.getByTestId('matter-title')).toHaveText(title);
  const form = page.getByTestId('action-escalate');
  await form.locator('summary').click();

  // The form starts from the matter's grounds: ticked, and said in the note.
  await expect(form.getByLabel('紧急事项需立即落实')).toBeChecked();
  await expect(form.getByLabel('转重点督办的说明 *')).toHaveValue('因紧急事项需立即落实，转为重点督办。');
  await form.getByLabel('转重点督办的说明 *').fill('');
  await form.getByRole('button', { name: '转重点督办' }).click();
  await expect(form.getByTestId('form-problem')).toContainText('请填写此项');
  await expect(form.getByLabel('转重点督办的说明 *')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('转重点督办的说明 *').fill('突发安全隐患，需立即落实，转为重点督办。');
  await form.getByRole('button', { name: '转重点督办' }).click();
  await expect(form.getByLabel('牵头领导 *')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('牵头领导 *').selectOption({ label: '陈卫东（副校长）' });
  await form.getByRole('button', { name: '转重点督办' }).click();
  await expect(page.getByTestId('stage')).toHaveText('已转重点督办');
  const routine = await (await page.request.get(`/api/matters/${id}`)).json();
  const keyId = routine.events.at(-1).facts.escalated_to;
  const key = (await (await page.request.get(`/api/matters/${keyId}`)).json()).matter;
  expect(key.lead_leader).toBe('leader2');
});
