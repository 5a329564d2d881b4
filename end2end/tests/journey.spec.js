// One HBUT matter across roles, each person in their own browser context: the office proposes,
// the leader approves on a phone, the lead unit signs for it, asks for more time, reports, is sent
// back once, reports again; the office passes, reports the result and archives. Another unit never
// sees it. Every step checks what that person sees: the stage, the light, the actions offered.
const { test, expect, devices } = require('@playwright/test');
const { signIn } = require('./support');

test.beforeEach(() => test.setTimeout(240_000));

/** A context with the project's own viewport (desktop or phone), or the phone for the leader. */
async function open(browser, baseURL, testInfo, username, { phone = false } = {}) {
  const use = phone ? devices['Pixel 7'] : testInfo.project.use;
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: use.viewport,
    userAgent: use.userAgent,
    deviceScaleFactor: use.deviceScaleFactor,
    isMobile: use.isMobile,
    hasTouch: use.hasTouch,
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await signIn(page, username);
  return page;
}

/** Opens the matter page and waits for it to load. */
async function gotoMatter(page, id) {
  await page.goto(`/matters/${id}`);
  await expect(page.getByTestId('matter-title')).toBeVisible();
}

/** The codes of the action forms offered on the matter page, sorted. */
async function offered(page) {
  await expect(page.locator('.actions .skeleton')).toHaveCount(0);
  const ids = await page
    .locator('details.action')
    .evaluateAll((els) => els.map((e) => e.dataset.testid.replace(/^action-/, '')));
  return ids.sort();
}

/** What the matter page shows: stage, light and actions offered. */
async function expectMatter(page, { stage, light, actions }) {
  await expect(page.getByTestId('stage')).toHaveText(stage);
  if (light) await expect(page.locator('.matter-head .light')).toHaveText(light);
  await expect(page.locator('[data-testid="fc-node"][data-state="current"]')).toHaveCount(
    stage === '已归档' ? 0 : 1,
  );
  if (stage !== '已归档') {
    await expect(page.locator('[data-testid="fc-node"][data-state="current"] .fc-name')).toHaveText(
      stage,
    );
  }
  if (actions) await expect.poll(() => offered(page)).toEqual([...actions].sort());
}

/** Stages the flowchart marks done, by name. */
async function doneStages(page) {
  return page
    .locator('[data-testid="fc-node"][data-state="done"] .fc-name')
    .evaluateAll((els) => els.map((e) => e.textContent));
}

/** Opens an action's form, lets `fill` type into it, submits and waits for the server's answer. */
async function act(page, code, fill = async () => {}) {
  const form = page.getByTestId(`action-${code}`);
  await form.locator('summary').click();
  await fill(form);
  const answer = page.waitForResponse(
    (r) => r.url().includes('/actions') && r.request().method() === 'POST',
  );
  await form.locator('button[type="submit"]').click();
  const response = await answer;
  // The body only to explain a failure: the app does not read a success's body, and Chromium then
  // keeps no copy of a `no-store` answer for Playwright, so asking for it would wait forever.
  if (response.status() !== 200) throw new Error(`${code}: ${response.status()} ${await response.text()}`);
  await expect(page.getByTestId('action-done')).toContainText('已提交');
}

/** The leader decides in the dashboard's "待我审批" list, on the phone. */
async function leaderApproves(page, title, kind) {
  await page.goto('/dashboard');
  const item = page.getByTestId('decide').filter({ hasText: title });
  await expect(item).toBeVisible({ timeout: 60_000 });
  await expect(item).toContainText(kind);
  await item.getByLabel('意见或理由').fill('同意，请抓紧落实。');
  const answer = page.waitForResponse(
    (r) => r.url().includes('/actions') && r.request().method() === 'POST',
  );
  await item.getByRole('button', { name: '同意', exact: true }).click();
  expect((await answer).status()).toBe(200);
  await expect(item.getByRole('status')).toHaveText('已同意');
}

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

test('an HBUT matter from proposal to archive across six people', async ({ browser, baseURL }, testInfo) => {
  const title = `旅程测试 ${testInfo.project.name} ${Date.now()}`;

  // 1. The office proposes an HBUT matter for 教务处 from the ledger's new-matter form.
  const office = await open(browser, baseURL, testInfo, 'office');
  await office.goto('/ledger/new');
  await office.getByLabel('程序').selectOption('hbut');
  await office.getByLabel('事项标题 *').fill(title);
  await office.getByLabel('事项内容 *').fill('修订本科课程教学大纲，报教务委员会审议。');
  await expect(office.locator('#nm-lead option[value="jwc"]')).toHaveCount(1);
  await office.getByLabel('主办单位 *').selectOption('jwc');
  await office.getByLabel('办理要求').fill('按学校要求完成修订并报送。');
  const deadlineAnswer = office.waitForResponse((r) => r.url().includes('/api/calendar/deadline'));
  await office.getByRole('button', { name: '+10 个工作日' }).click();
  await deadlineAnswer;
  await expect(office.getByLabel('办结时限')).not.toHaveValue('');
  await office.getByRole('button', { name: '提交拟办' }).click();
  await expect(office).toHaveURL(/\/matters\/[^/]+$/);
  const id = decodeURIComponent(new URL(office.url()).pathname.split('/').pop());
  await expect(office.getByTestId('matter-title')).toHaveText(title);
  await expectMatter(office, {
    stage: '拟办',
    light: '绿灯',
    actions: ['update_requirements', 'register'],
  });
  expect(await doneStages(office)).toEqual([]);

  // 2. The leader approves it on the phone, from the dashboard.
  const leader = await open(browser, baseURL, testInfo, 'leader', { phone: true });
  await leaderApproves(leader, title, '审定同意');

  // 3. The office registers and issues it.
  await gotoMatter(office, id);
  await expect(office.getByTestId('history')).toContainText('审定同意');
  await act(office, 'register');
  await expectMatter(office, { stage: '立项', actions: ['issue'] });
  await expect(office.getByTestId('matter-number')).not.toHaveText('—');
  await act(office, 'issue');
  await expectMatter(office, { stage: '交办', light: '绿灯', actions: ['record_follow_up'] });
  expect(await doneStages(office)).toEqual(['拟办', '立项']);

  // Another unit's liaison never sees it: not in the inbox, not by direct URL.
  const other = await open(browser, baseURL, testInfo, 'cwc-liaison');
  await expect(other.getByRole('heading', { level: 1, name: '本单位督办事项' })).toBeVisible();
  await expect(other.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
  await expect(other.getByTestId('matter-card').filter({ hasText: title })).toHaveCount(0);
  await other.goto(`/matters/${id}`);
  await expect(other.getByTestId('not-found')).toBeVisible();

  // 4. The lead unit's liaison finds it in the inbox and signs for it.
  const liaison = await open(browser, baseURL, testInfo, 'jwc-liaison');
  const card = liaison.getByTestId('group-green').getByTestId('matter-card').filter({ hasText: title });
  await expect(card).toBeVisible({ timeout: 20_000 });
  await expect(card.locator('.stage')).toHaveText('交办');
  await expect(card.locator('.part')).toHaveText('主办');
  await card.getByRole('link').click();
  await expect(liaison.getByTestId('matter-title')).toHaveText(title);
  await expectMatter(liaison, { stage: '交办', light: '绿灯' });
  await expect.poll(() => offered(liaison)).toContain('sign_for');
  await act(liaison, 'sign_for', async (form) => {
    await expect(form.getByLabel('签收人 *')).not.toHaveValue('');
  });
  await expectMatter(liaison, { stage: '承办' });
  await expect.poll(() => offered(liaison)).not.toContain('request_extension');

  // 5. The office records a follow-up; HBUT's 催办单 waits for the deadline, so no reminder yet.
  await gotoMatter(office, id);
  await expectMatter(office, { stage: '承办', light: '绿灯' });
  await expect.poll(() => offered(office)).toContain('record_follow_up');
  await expect.poll(() => offered(office)).not.toContain('send_reminder');
  await act(office, 'record_follow_up', async (form) => {
    await form.getByLabel('跟进方式 *').selectOption('phone');
    await form.getByLabel('跟进过程 *').fill('电话了解修订进度。');
    await form.getByLabel('跟进结果 *').fill('已完成初稿，正在征求意见。');
  });
  await expect(office.getByTestId('history')).toContainText('记录跟进');

  // 6. The unit head asks for more time.
  const head = await open(browser, baseURL, testInfo, 'jwc-head');
  await gotoMatter(head, id);
  await expectMatter(head, { stage: '承办', light: '绿灯' });
  await expect.poll(() => offered(head)).toEqual(
    expect.arrayContaining(['request_extension', 'submit_completion_report']),
  );
  const oldDeadline = (await head.getByTestId('deadline').textContent()).trim();
  const newDeadline = addDays(oldDeadline, 14);
  await act(head, 'request_extension', async (form) => {
    await form.getByLabel('延期原因 *').fill('需提交教务委员会审议，会期在原时限之后。');
    await form.getByLabel('解决措施 *').fill('先行印发征求意见稿。');
    await form.getByLabel('计划办结时间 *').fill(newDeadline);
  });
  await expect.poll(() => offered(head)).not.toContain('request_extension');

  // 7. The leader approves the extension on the phone; the deadline moves.
  await leaderApproves(leader, title, '审批延期');
  await gotoMatter(head, id);
  await expect(head.getByTestId('deadline')).toHaveText(newDeadline);
  await expect(head.locator('[data-testid="fc-node"][data-state="current"]')).toContainText(
    '延期申请',
  );

  // 8. The unit head submits the five-part completion report.
  const report = (round) => async (form) => {
    await form.getByLabel('一、督办事项内容 *').fill('修订本科课程教学大纲。');
    await form.getByLabel('二、督办事项工作目标 *').fill('全部课程完成修订。');
    await form.getByLabel('三、督办事项工作开展情况 *').fill(`第 ${round} 次报送：已组织各学院修订。`);
    await form.getByLabel('四、取得的成效 *').fill('修订大纲 312 门。');
    await form.getByLabel('五、下一步工作计划 *').fill('秋季学期起执行。');
  };
  await act(head, 'submit_completion_report', report(1));
  await expectMatter(head, { stage: '办结', actions: [] });
  await expect(head.getByTestId('no-actions')).toBeVisible();

  // 9. The office returns it once for 补办, with a reason.
  await gotoMatter(office, id);
  await expectMatter(office, { stage: '办结', actions: ['review_report'] });
  await act(office, 'review_report', async (form) => {
    await form.getByLabel('审核结论 *').selectOption('return');
    await form.getByLabel('退回方式').selectOption('supplement');
    await form.getByLabel('退回原因（每行一条）').fill('缺少各学院修订清单。');
  });
  await expectMatter(office, { stage: '承办' });
  await expect(office.getByTestId('history')).toContainText('缺少各学院修订清单');
  await expect(office.getByTestId('flowchart')).toContainText('退回重办');

  // 10. The unit head sees it back in handling and resubmits.
  await gotoMatter(head, id);
  await expectMatter(head, { stage: '承办' });
  await expect.poll(() => offered(head)).toContain('submit_completion_report');
  await act(head, 'submit_completion_report', report(2));
  await expectMatter(head, { stage: '办结' });

  // 11. The office passes it, reports the result and archives it.
  await gotoMatter(office, id);
  await act(office, 'review_report', async (form) => {
    await form.getByLabel('审核结论 *').selectOption('pass');
  });
  await expectMatter(office, { stage: '反馈', light: '已办结', actions: ['report_result'] });
  await act(office, 'report_result', async (form) => {
    await form.getByLabel('办理结果 *').fill('已按期完成大纲修订，报校领导。');
  });
  await expectMatter(office, { stage: '归档', actions: ['archive'] });
  await act(office, 'archive', async (form) => {
    await form.getByLabel('归档材料（每行一项） *').fill('立项登记表\n办结报告');
    await expect(form.getByLabel('归档人 *')).not.toHaveValue('');
  });
  await expectMatter(office, { stage: '已归档', light: '已办结', actions: [] });
  expect(await doneStages(office)).toEqual(['拟办', '立项', '交办', '承办', '办结', '反馈', '归档', '已归档']);

  // The liaison sees it done in the inbox; the other unit still sees nothing.
  await liaison.goto('/');
  await expect(
    liaison.getByTestId('group-done').getByTestId('matter-card').filter({ hasText: title }),
  ).toBeVisible({ timeout: 20_000 });
  await other.goto('/');
  await expect(other.locator('.skeleton')).toHaveCount(0, { timeout: 20_000 });
  await expect(other.getByTestId('matter-card').filter({ hasText: title })).toHaveCount(0);
  await other.goto(`/matters/${id}`);
  await expect(other.getByTestId('not-found')).toBeVisible();
});
