// A unit head on a phone with no network: what is typed survives reloads and closed pages, a submission
// waits in the outbox as 待发送 and is sent exactly once when the network returns, and a matter that
// moved on meanwhile shows a conflict next to the kept draft. Each test makes its own HBUT matter through
// the API (office proposes, leader approves, office registers and issues, the liaison signs for it), so
// the two projects never share one.
const { test, expect } = require('@playwright/test');
const { PASSWORD, signIn } = require('./support');

test.beforeEach(() => test.setTimeout(120_000));

let keys = 0;

/** An API client signed in as `username`. */
async function apiAs(playwright, baseURL, username) {
  const api = await playwright.request.newContext({ baseURL });
  const r = await api.post('/api/session', { data: { username, password: PASSWORD } });
  expect(r.status(), `sign in as ${username}`).toBe(200);
  return api;
}

function key() {
  keys += 1;
  return `e2e-offline-${Date.now()}-${keys}`;
}

async function detail(api, id) {
  const r = await api.get(`/api/matters/${encodeURIComponent(id)}`);
  expect(r.status()).toBe(200);
  return r.json();
}

/** One action on the matter's current version, as that user. */
async function act(api, id, action) {
  const { matter } = await detail(api, id);
  const r = await api.post(`/api/matters/${encodeURIComponent(id)}/actions`, {
    data: { version: matter.version, action },
    headers: { 'Idempotency-Key': key() },
  });
  expect(r.status(), `${action.type}: ${await r.text()}`).toBe(200);
}

/** A fresh HBUT matter for 教务处, signed for: its head (jwc-head) may submit the completion report. */
async function matterUnderWay(playwright, baseURL, title) {
  const office = await apiAs(playwright, baseURL, 'office');
  const created = await office.post('/api/matters', {
    headers: { 'Idempotency-Key': key() },
    data: {
      type: 'propose',
      procedure: 'hbut',
      matter: {
        title,
        content: '完成实验室安全隐患排查整改并书面报告。',
        source_category: 'meeting_resolution',
        lead_unit: 'jwc',
        leader_in_charge: 'leader',
        requirements: '按期办结并书面反馈',
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).matter.id;
  const leader = await apiAs(playwright, baseURL, 'leader');
  await act(leader, id, { type: 'approve_proposal', opinion: '同意' });
  await act(office, id, { type: 'register' });
  await act(office, id, { type: 'issue' });
  const liaison = await apiAs(playwright, baseURL, 'jwc-liaison');
  await act(liaison, id, { type: 'sign_for', signer: '教务处联络员' });
  return { id, office };
}

/** How many completion reports the server's history of the matter holds. */
async function reports(api, id) {
  const { events } = await detail(api, id);
  return events.filter((e) => e.action.type === 'submit_completion_report').length;
}

const REPORT = [
  ['一、督办事项内容', '实验室安全隐患排查整改。'],
  ['二、督办事项工作目标', '全部隐患在期限内整改到位。'],
  ['三、督办事项工作开展情况', '排查 42 间实验室，整改 17 处。'],
  ['四、取得的成效', '隐患清零，建立月度巡查制度。'],
  ['五、下一步工作计划', '每月巡查并通报。'],
];

/**
 * Whether the app has written a record holding `text` to its IndexedDB `store` (`drafts` or `cache`,
 * see app/src/idb.rs). What the app keeps there is what it shows after a reload or offline, so a test
 * waits for the record rather than for a time.
 */
function stored(page, store, text) {
  return page.evaluate(
    ([store, text]) =>
      new Promise((ok, fail) => {
        const open = indexedDB.open('duban');
        // Not there yet: leave it for the app to create with its stores.
        open.onupgradeneeded = () => open.transaction.abort();
        open.onerror = () => ok(false);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(store)) {
            db.close();
            return ok(false);
          }
          const all = db.transaction(store, 'readonly').objectStore(store).getAll();
          all.onerror = () => fail(all.error);
          all.onsuccess = () => ok(all.result.some((v) => JSON.stringify(v).includes(text)));
          db.close();
        };
      }),
    [store, text],
  );
}

/** The head opens the matter online (so it is kept for offline reading and the app shell is cached). */
async function openOnline(page, id, title) {
  page.on('pageerror', (err) => {
    throw err;
  });
  await signIn(page, 'jwc-head');
  // The inbox has loaded (and is kept for offline reading) before the matter is opened.
  await expect(page.getByTestId('matter-card').filter({ hasText: title })).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => stored(page, 'cache', title)).toBe(true);
  await page.goto(`/matters/${encodeURIComponent(id)}`);
  await expect(page.getByTestId('matter-title')).toHaveText(title);
  await expect(page.getByTestId('action-submit_completion_report')).toBeVisible();
  // The service worker has installed and cached the shell.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
}

/** Goes offline and types the completion report; waits until the draft is written. */
async function typeReportOffline(page, context) {
  await context.setOffline(true);
  await expect(page.getByTestId('net-status')).toHaveAttribute('data-online', 'false');
  const form = page.getByTestId('action-submit_completion_report');
  await form.locator('summary').click();
  for (const [label, text] of REPORT) await form.getByLabel(label).fill(text);
  await expect(page.getByTestId('net-status')).toContainText('离线');
  // Saved to IndexedDB once typing pauses: the last field's text is in the stored draft.
  await expect.poll(() => stored(page, 'drafts', REPORT[REPORT.length - 1][1])).toBe(true);
  return form;
}

function postedAction(page) {
  return page.waitForResponse(
    (r) => r.url().includes('/actions') && r.request().method() === 'POST',
  );
}

test('a report typed offline survives a reload, waits as 待发送 and is sent once when online', async ({
  page,
  context,
  playwright,
  baseURL,
}, testInfo) => {
  const title = `离线测试 ${testInfo.project.name} ${Date.now()}`;
  const { id, office } = await matterUnderWay(playwright, baseURL, title);
  await openOnline(page, id, title);
  const form = await typeReportOffline(page, context);

  // Reload with no network: the service worker opens the app, the matter comes from the kept copy.
  await page.reload();
  await expect(page.getByTestId('matter-title')).toHaveText(title);
  await expect(page.getByTestId('offline-data')).toBeVisible();
  for (const [label, text] of REPORT) await expect(form.getByLabel(label)).toHaveValue(text);
  await page.screenshot({ path: `output/offline-draft-${testInfo.project.name}.png`, fullPage: true });

  // Submitted offline: it waits in the outbox, nothing reached the server.
  await form.locator('button[type="submit"]').click();
  await expect(form.getByTestId('queued')).toBeVisible();
  await expect(page.getByTestId('outbox-count')).toHaveText('待发送 1');
  expect(await reports(office, id)).toBe(0);

  // Online again: sent on the `online` event, once.
  const sent = postedAction(page);
  await context.setOffline(false);
  expect((await sent).status()).toBe(200);
  await expect(page.getByTestId('action-done')).toContainText('已提交');
  await expect(page.getByTestId('outbox-count')).toHaveCount(0);
  await expect.poll(() => reports(office, id)).toBe(1);

  // The draft is gone once the server confirmed it.
  await page.goto('/drafts');
  await expect(page.getByTestId('no-drafts')).toBeVisible();
  expect(await reports(office, id)).toBe(1);
});

test('a submission left in the outbox of a closed page is sent once on the next open', async ({
  page,
  context,
  playwright,
  baseURL,
}, testInfo) => {
  const title = `离线关闭页面 ${testInfo.project.name} ${Date.now()}`;
  const { id, office } = await matterUnderWay(playwright, baseURL, title);
  await openOnline(page, id, title);
  const form = await typeReportOffline(page, context);
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('outbox-count')).toHaveText('待发送 1');
  // The inbox opens offline too, from the copy kept when it was last loaded, marked with its age.
  await page.goto('/');
  await expect(page.getByTestId('offline-data')).toContainText('离线查看');
  await expect(page.getByTestId('matter-card').filter({ hasText: title })).toBeVisible();
  await expect(page.getByTestId('outbox-count')).toHaveText('待发送 1');
  await page.close();

  await context.setOffline(false);
  let posts = 0;
  context.on('request', (r) => {
    if (r.url().includes('/actions') && r.method() === 'POST') posts += 1;
  });
  const next = await context.newPage();
  const sent = postedAction(next);
  await next.goto('/');
  expect((await sent).status()).toBe(200);
  await expect(next.getByTestId('net-status')).toHaveAttribute('data-online', 'true');
  await expect(next.getByTestId('outbox-count')).toHaveCount(0);
  await expect.poll(() => reports(office, id)).toBe(1);
  await next.goto('/drafts');
  await expect(next.getByTestId('no-drafts')).toBeVisible();
  expect(posts).toBe(1);
  expect(await reports(office, id)).toBe(1);
});

test('a matter changed while offline: the conflict shows next to the kept draft, which can be re-applied', async ({
  page,
  context,
  playwright,
  baseURL,
}, testInfo) => {
  const title = `离线冲突 ${testInfo.project.name} ${Date.now()}`;
  const { id, office } = await matterUnderWay(playwright, baseURL, title);
  await openOnline(page, id, title);
  const form = await typeReportOffline(page, context);
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('outbox-count')).toHaveText('待发送 1');

  // Meanwhile the office records a follow-up: the matter's version moves on.
  await act(office, id, {
    type: 'record_follow_up',
    method: 'phone',
    note: '电话了解整改进度。',
    outcome: '正在整改。',
  });

  const answer = postedAction(page);
  await context.setOffline(false);
  expect((await answer).status()).toBe(409);
  await expect(form.getByTestId('form-problem')).toContainText('该事项已被他人更新');
  await expect(form.getByTestId('form-problem')).toContainText('您填写的内容已保留');
  for (const [label, text] of REPORT) await expect(form.getByLabel(label)).toHaveValue(text);
  await expect(page.getByTestId('history')).toContainText('记录跟进');
  expect(await reports(office, id)).toBe(0);
  await page.screenshot({ path: `output/offline-conflict-${testInfo.project.name}.png`, fullPage: true });

  // The drafts list shows it as a conflict, still kept.
  await page.goto('/drafts');
  await expect(page.getByTestId('draft').filter({ hasText: title }).getByTestId('draft-state')).toHaveText(
    '有冲突',
  );

  // Re-applied to the matter as it is now: accepted once.
  await page.goto(`/matters/${encodeURIComponent(id)}`);
  await expect(form.getByLabel(REPORT[0][0])).toHaveValue(REPORT[0][1]);
  const again = postedAction(page);
  await form.getByRole('button', { name: '按最新状态重新提交' }).click();
  expect((await again).status()).toBe(200);
  await expect(page.getByTestId('action-done')).toContainText('已提交');
  await expect.poll(() => reports(office, id)).toBe(1);
});

test('the service worker and the manifest are served fresh, with their content types', async ({ request }) => {
  const sw = await request.get('/sw.js');
  expect(sw.status()).toBe(200);
  expect(sw.headers()['cache-control']).toBe('no-cache');
  expect(sw.headers()['content-type']).toContain('javascript');
  const script = await sw.text();
  expect(script).toMatch(/const CACHE = 'duban-[0-9a-f]{16}'/);
  // The shell list never holds an API answer.
  expect(script).not.toMatch(/^\s*'\/api/m);
  const manifest = await request.get('/manifest.webmanifest');
  expect(manifest.headers()['content-type']).toContain('manifest+json');
  const body = await manifest.json();
  expect(body.name).toBe('督办');
  for (const icon of body.icons) expect((await request.get(icon.src)).status()).toBe(200);
});

test('a session that ended while a report waited: the sign-in form says it is kept, and it is sent once after signing in', async ({
  page,
  context,
  playwright,
  baseURL,
}, testInfo) => {
  const title = `离线会话过期 ${testInfo.project.name} ${Date.now()}`;
  const { id, office } = await matterUnderWay(playwright, baseURL, title);
  await openOnline(page, id, title);
  const form = await typeReportOffline(page, context);
  await form.locator('button[type="submit"]').click();
  await expect(page.getByTestId('outbox-count')).toHaveText('待发送 1');

  // The session ends while the phone is offline (expired, or signed out on another device).
  await context.clearCookies();
  const refused = postedAction(page);
  await context.setOffline(false);
  expect((await refused).status()).toBe(401);
  await expect(page.getByTestId('session-expired')).toContainText('重新登录后自动发送');
  expect(await reports(office, id)).toBe(0);

  // Signing in again sends the kept report, once, and the draft goes.
  const sent = postedAction(page);
  await page.getByLabel('用户名').fill('jwc-head');
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  expect((await sent).status()).toBe(200);
  await expect.poll(() => reports(office, id)).toBe(1);
  await page.goto('/drafts');
  await expect(page.getByTestId('no-drafts')).toBeVisible();
  expect(await reports(office, id)).toBe(1);
});

test('deleting a draft asks once more on the same button, and Cancel keeps it', async ({
  page,
  context,
  playwright,
  baseURL,
}, testInfo) => {
  const title = `删除草稿 ${testInfo.project.name} ${Date.now()}`;
  const { id } = await matterUnderWay(playwright, baseURL, title);
  await openOnline(page, id, title);
  await typeReportOffline(page, context);
  await page.goto('/drafts');
  const draft = page.getByTestId('draft').filter({ hasText: title });
  await expect(draft.getByTestId('draft-state')).toHaveText('草稿');
  await draft.getByTestId('discard').click();
  await expect(draft.getByTestId('discard')).toHaveText('确认删除？删除后无法恢复');
  await draft.getByRole('button', { name: '取消' }).click();
  await expect(draft.getByTestId('discard')).toHaveText('删除草稿');
  await page.reload();
  await expect(draft).toHaveCount(1);
  await draft.getByTestId('discard').click();
  await draft.getByTestId('discard').click();
  await expect(draft).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('draft').filter({ hasText: title })).toHaveCount(0);
});
