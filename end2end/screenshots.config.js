// The landing screen of every role on a phone and on a laptop, written to docs/screenshots/ (the
// README shows them). Not part of the test command: run after `cargo xtask build-app` and
// `cargo build -p server` with `npx playwright test -c screenshots.config.js`.
const base = require('./playwright.config');

module.exports = { ...base, testDir: './screenshots', reporter: [['list']] };
