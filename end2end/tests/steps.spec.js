// Every step of the GDUFS routine and key procedures, and the HBUT steps journey.spec.js does not take,
// taken in the app by the role the template names: units and leaders on a phone, the office on a
// laptop. The walks sign in as units no other spec uses (password.spec.js changes passwords) and make
// their own matters; set-up through the API is allowed and does not count for coverage/steps.spec.js,
// which checks that every step was taken in the app.
const { test, expect, devices } = require('@playwright/test');
const { signIn, PASSWORD, REMINDER_SPARE } = require('./support');

test.beforeEach(({}, testInfo) => {
  test.setTimeout(300_000);
  // Each walk opens its own phone and laptop contexts: one project is enough, two would race.
  test.skip(testInfo.project.name !== 'desktop', 'the walks open their own phone and laptop contexts');
});

const PHONE = devices['Pixel 7'];
const LAPTOP = devices['Desktop Chrome'];

/** A signed-in page on a phone or a laptop. */
async function seat(browser, baseURL, username, device) {
  const context = await browser.newContext({
    baseURL,
    locale: 'zh-CN',
    viewport: device.viewport,
    userAgent: device.userAgent,
    deviceScaleFactor: device.deviceScaleFactor,
    isMobile: device.isMobile,
    hasTouch: device.hasTouch,
  });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await signIn(page, username);
  return page;
}

/** The office's API context, for set-up the walks do not count. */
async function api(playwright, baseURL, username) {
  const ctx = await playwright.request.newContext({ baseURL });
  expect((await ctx.post('/api/session', { data: { username, password: PASSWORD } })).status()).toBe(200);
  return ctx;
}

function addDays(n) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * On the matter page: opens the action's form, fills the fields named by label, types something
 * plausible into any other required field left empty, submits and waits for the server's yes.
 */
async function step(page, id, code, values = {}) {
  // Opened afresh: another seat may have moved the matter since this page last showed it.
  await page.goto(`/matters/${id}`);
  await expect(page.getByTestId('matter-title')).toBeVisible();
  const form = page.getByTestId(`action-${code}`);
  await expect(form, `${code} offered`).toBeVisible();
  await form.locator('summary').click();
  for (const [label, value] of Object.entries(values)) {
    const control = form.getByLabel(label, { exact: true });
    const kind = await control.evaluate((e) => `${e.tagName}:${e.type || ''}`);
    if (kind.startsWith('SELECT')) await control.selectOption(value);
    else if (kind === 'INPUT:checkbox') await control.setChecked(value);
    else await control.fill(value);
  }
  for (const field of await form.locator('.field').all()) {
    const label = (await field.locator('label').first().textContent()) || '';
    if (!label.endsWith(' *')) continue;
    const control = field.locator('input, textarea, select').first();
    if ((await control.count()) === 0 || (await control.inputValue()) !== '') continue;
    const type = await control.evaluate((e) => (e.tagName === 'SELECT' ? 'select' : e.type || e.tagName));
    if (type === 'select') {
      // A picker that starts at 请选择: the first real choice.
      const first = await control.locator('option:not([value=""])').first().getAttribute('value');
      await control.selectOption(first);
    } else {
      await control.fill(type === 'date' ? addDays(7) : '按要求落实，情况属实。');
    }
  }
  const answer = page.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
  await form.locator('button[type="submit"]').click();
  const response = await answer;
  if (response.status() !== 200) throw new Error(`${code}: ${response.status()} ${await response.text()}`);
  await expect(page.getByTestId('action-done')).toContainText('已提交');
}

/** The office proposes from the ledger's new-matter form; returns the new matter's id. */
async function propose(office, { procedure, title, lead }) {
  await office.goto('/ledger/new');
  await office.getByLabel('程序').selectOption(procedure);
  await office.getByLabel('事项标题 *').fill(title);
  await office.getByLabel('事项内容 *').fill('按会议决定落实，逐项推进。');
  await office.getByLabel('主办单位 *').selectOption(lead);
  await office.getByLabel('分管校领导').selectOption({ label: '李建国（分管督办校领导）' });
  if (procedure === 'gdufs_key') {
    await office.getByLabel('牵头领导（重点督办必填）').selectOption({ label: '陈卫东（副校长）' });
  }
  await office.getByLabel('办理要求').fill('按期办结并书面反馈。');
  const deadline = office.waitForResponse((r) => r.url().includes('/api/calendar/deadline'));
  await office.getByRole('button', { name: '+10 个工作日' }).click();
  await deadline;
  await office.getByRole('button', { name: '提交拟办' }).click();
  await expect(office).toHaveURL(/\/matters\/[^/]+$/);
  return decodeURIComponent(new URL(office.url()).pathname.split('/').pop());
}

/** The leader decides in the dashboard's list on the phone: `同意` or `不同意`. */
async function decide(leader, title, button) {
  await leader.goto('/dashboard');
  const item = leader.getByTestId('decide').filter({ hasText: title });
  await expect(item).toBeVisible({ timeout: 60_000 });
  await item.getByLabel('意见或理由').fill(button === '同意' ? '同意，请抓紧落实。' : '请先与相关单位沟通论证后再报。');
  const answer = leader.waitForResponse((r) => r.url().includes('/actions') && r.request().method() === 'POST');
  await item.getByRole('button', { name: button, exact: true }).click();
  expect((await answer).status()).toBe(200);
}

/** A long-term matter made through the API up to issue, for the office to roll over in the app. */
async function longTermIssued(playwright, baseURL, procedure, lead, title) {
  const office = await api(playwright, baseURL, 'office');
  const leader = await api(playwright, baseURL, 'leader');
  const key = () => ({ 'Idempotency-Key': `steps-${Date.now()}-${Math.random()}` });
  const created = await office.post('/api/matters', {
    headers: key(),
    data: {
      type: 'propose',
      procedure,
      matter: {
        title,
        content: '分年度推进的长期建设任务。',
        source_category: 'meeting_resolution',
        lead_unit: lead,
        leader_in_charge: 'leader',
        lead_leader: procedure === 'gdufs_key' ? 'leader2' : null,
        requirements: '按年度计划推进。',
        deadline: addDays(30),
        long_term: true,
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).matter.id;
  const act = async (who, action) => {
    const version = (await (await who.get(`/api/matters/${id}`)).json()).matter.version;
    const r = await who.post(`/api/matters/${id}/actions`, { headers: key(), data: { version, action } });
    expect(r.status(), await r.text()).toBe(200);
  };
  await act(leader, { type: 'approve_proposal', opinion: '同意。' });
  await act(office, { type: 'register' });
  await act(office, { type: 'issue', copied_leaders: [] });
  return id;
}

test('a routine item: every step of GDUFS 第九条 in the app, from the seat of who takes it', async ({ browser, baseURL, playwright }) => {
  const title = `常规步骤 ${Date.now()}`;
  const office = await seat(browser, baseURL, 'office', LAPTOP);
  const leader = await seat(browser, baseURL, 'leader', PHONE);
  const id = await propose(office, { procedure: 'gdufs_routine', title, lead: 'rsc' });
  await step(office, id, 'update_requirements', { '办理要求': '按期办结，并附佐证材料。', '说明 *': '明确报送材料。' });
  await decide(leader, title, '同意');
  await step(office, id, 'register');
  await step(office, id, 'issue');

  const liaison = await seat(browser, baseURL, 'rsc-liaison', PHONE);
  await step(liaison, id, 'sign_for');
  await step(liaison, id, 'reply', { '承诺办结时间 *': addDays(7), '办结形式 *': '书面报告', '联系方式 *': '020-36207000' });
  const handler = await seat(browser, baseURL, 'rsc-handler', PHONE);
  await step(handler, id, 'report_progress', { '进展情况 *': '已完成初步方案。' });
  await step(office, id, 'record_follow_up', { '跟进方式 *': 'phone' });

  const head = await seat(browser, baseURL, 'rsc-head', PHONE);
  await step(head, id, 'submit_completion_report');
  await step(office, id, 'review_report', { '审核结论 *': 'return', '退回方式': 'supplement', '退回原因（每行一条）': '缺少佐证材料。' });
  await step(head, id, 'submit_completion_report');
  await step(office, id, 'review_report', { '审核结论 *': 'pass' });
  await step(office, id, 'archive', { '归档材料（每行一项） *': '工作进展提醒单\n办结报告' });
  await expect(office.getByTestId('stage')).toHaveText('已归档');

  // A proposal the leader turns down, and a long-term item carried into the next year.
  const rejected = `常规不予立项 ${Date.now()}`;
  await propose(office, { procedure: 'gdufs_routine', title: rejected, lead: 'rsc' });
  await decide(leader, rejected, '不同意');
  const longTerm = await longTermIssued(playwright, baseURL, 'gdufs_routine', 'rsc', `常规长期 ${Date.now()}`);
  await step(office, longTerm, 'roll_over_year', { '办结时限 *': `${new Date().getUTCFullYear() + 1}-06-30` });
});

test('a key item: every step of GDUFS 第十条 in the app, from the seat of who takes it', async ({ browser, baseURL, playwright }) => {
  const title = `重点步骤 ${Date.now()}`;
  const office = await seat(browser, baseURL, 'office', LAPTOP);
  const leader = await seat(browser, baseURL, 'leader', PHONE);
  const id = await propose(office, { procedure: 'gdufs_key', title, lead: 'fxy' });
  await step(office, id, 'update_requirements', { '办理要求': '按期办结，并附佐证材料。', '说明 *': '明确报送材料。' });
  await decide(leader, title, '同意');
  await step(office, id, 'register');
  await step(office, id, 'issue');

  const liaison = await seat(browser, baseURL, 'fxy-liaison', PHONE);
  await step(liaison, id, 'submit_work_plan', { '落实计划 *': '分三步推进，月底前完成。' });
  // 反馈协调 (第十条(三)): an obstacle reported, the office coordinates and adjusts the requirements.
  await step(liaison, id, 'report_obstacle', { '客观原因 *': '经费尚未到位。', '建议 *': '分两期实施。' });
  await step(office, id, 'update_requirements', { '办理要求': '分两期实施，首期完成后报送。', '说明 *': '经协调同意分期实施。' });
  await step(office, id, 'record_follow_up', { '跟进方式 *': 'meeting' });
  await step(office, id, 'send_reminder');
  const handler = await seat(browser, baseURL, 'fxy-handler', PHONE);
  await step(handler, id, 'report_progress', { '进展情况 *': '首期任务已完成过半。' });
  const head = await seat(browser, baseURL, 'fxy-head', PHONE);
  await step(head, id, 'submit_completion_report');

  // 核查整改 (第十条(四)): not passed, rectification ordered and reported, verified again.
  await step(office, id, 'verify', { '举措已落实': true, '合法合规': true });
  await step(office, id, 'order_rectification', { '整改清单（每行：事项｜责任人｜时限 YYYY-MM-DD） *': `补齐台账｜法学院负责人｜${addDays(10)}` });
  await step(liaison, id, 'report_rectification', { '整改情况 *': '台账已补齐。', '已整改完成': true });
  await step(office, id, 'verify', { '举措已落实': true, '问题已解决': true, '成效显著': true, '合法合规': true });
  await step(office, id, 'review_report', { '审核结论 *': 'pass' });
  await step(leader, id, 'approve_closure');
  await step(office, id, 'archive', { '归档材料（每行一项） *': '督办单\n办结报告\n核查记录' });
  await expect(office.getByTestId('stage')).toHaveText('已归档');

  const rejected = `重点不予立项 ${Date.now()}`;
  await propose(office, { procedure: 'gdufs_key', title: rejected, lead: 'fxy' });
  await decide(leader, rejected, '不同意');
  const longTerm = await longTermIssued(playwright, baseURL, 'gdufs_key', 'fxy', `重点长期 ${Date.now()}`);
  await step(office, longTerm, 'roll_over_year', { '办结时限 *': `${new Date().getUTCFullYear() + 1}-06-30` });

  // 先行启动 (第十条(一)): an emergency started first; its 督办单 is completed in the app.
  const api_ = await api(playwright, baseURL, 'office');
  const started = await api_.post('/api/matters', {
    headers: { 'Idempotency-Key': `steps-emergency-${Date.now()}` },
    data: { type: 'start_emergency', title: `紧急处置 ${Date.now()}`, content: '突发情况，先行处置。', lead_unit: 'fxy', assisting_units: [], how_started: '校领导电话部署' },
  });
  expect(started.status(), await started.text()).toBe(201);
  const emergency = (await started.json()).matter.id;
  await step(office, emergency, 'complete_emergency_form', { '办结时限 *': addDays(14) });
});

test('an HBUT item: the steps the journey does not take, in the app', async ({ browser, baseURL }) => {
  const title = `湖工步骤 ${Date.now()}`;
  const office = await seat(browser, baseURL, 'office', LAPTOP);
  const leader = await seat(browser, baseURL, 'leader', PHONE);
  const id = await propose(office, { procedure: 'hbut', title, lead: 'zjc' });
  await step(office, id, 'update_requirements', { '办理要求': '按期办结，并附佐证材料。', '说明 *': '明确报送材料。' });
  await step(office, id, 'register');
  await step(office, id, 'issue');
  const liaison = await seat(browser, baseURL, 'zjc-liaison', PHONE);
  await step(liaison, id, 'sign_for');
  await step(liaison, id, 'submit_work_plan', { '落实计划 *': '五个工作日内制定政策草案。' });
  const handler = await seat(browser, baseURL, 'zjc-handler', PHONE);
  await step(handler, id, 'report_progress', { '进展情况 *': '政策草案已形成。' });

  const rejected = `湖工不予立项 ${Date.now()}`;
  await propose(office, { procedure: 'hbut', title: rejected, lead: 'zjc' });
  await decide(leader, rejected, '不同意');

  // 催办 (第四条(五)): an overdue matter whose 催办单 went unanswered gets the second, copied to the
  // discipline office, and the office may chase it again.
  await step(office, REMINDER_SPARE, 'send_second_reminder', { '限期办结时间 *': addDays(5) });
  await step(office, REMINDER_SPARE, 'send_reminder', { '限期办结时间 *': addDays(7) });
});
