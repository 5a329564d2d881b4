// Every step of every procedure is taken in the app by the role the template names, not only through
// the API: after the whole suite, the audit trail must hold, for each (procedure, action) pair the
// templates allow, an entry the app marked as its own (X-Duban-Client: app). Set-up calls the tests
// make straight to the API are not marked and do not count.
const { test, expect } = require('@playwright/test');
const { PASSWORD } = require('../tests/support');

// Pairs no browser test takes in the app yet. The list is exact: a pair taken in the app must leave
// it, so it only shrinks.
const NOT_YET = [];

test('every step the procedures allow was taken in the app', async ({ playwright, baseURL }) => {
  const office = await playwright.request.newContext({ baseURL });
  expect((await office.post('/api/session', { data: { username: 'office', password: PASSWORD } })).status()).toBe(200);
  const procedures = await (await office.get('/api/procedures')).json();
  const allowed = new Set();
  for (const t of procedures) {
    for (const c of t.creations) allowed.add(`${t.id}:${c.action}`);
    for (const s of t.stages) for (const r of s.actions) allowed.add(`${t.id}:${r.action}`);
  }
  const taken = new Set();
  let after = 0;
  for (;;) {
    const page = await (await office.get(`/api/audit?action=matter.&limit=500&after=${after}`)).json();
    for (const e of page.entries) {
      if (e.content.client === 'app') taken.add(`${e.content.procedure}:${e.action.slice('matter.'.length)}`);
    }
    if (page.next_after == null) break;
    after = page.next_after;
  }
  const missing = [...allowed].filter((p) => !taken.has(p)).sort();
  console.log(`steps taken in the app: ${allowed.size - missing.length} of ${allowed.size}`);
  expect(missing, 'steps never taken in the app (or taken and still listed in NOT_YET)').toEqual([...NOT_YET].sort());
});
