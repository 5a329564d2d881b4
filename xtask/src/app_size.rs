//! The app's size after brotli, and the budget the test command holds it to.
//!
//! What a phone waits for before its user's first screen is the shell (main wasm, its JS, the split
//! link module, the stylesheet) plus the chunks of the screen that user lands on. The budget applies to
//! the largest of those first screens; the rest of the chunks come when their screens are opened, and
//! the service worker fetches them in the background for offline use. The total is reported as well.

use crate::build_app::Budget;
use crate::util::kb;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::Path;

/// At most 250 KB (aim for 200 KB) after brotli before the first screen shows. The largest
/// first screen is what the report below prints; the latest figures are in docs/performance.md.
pub const BUDGET_BROTLI_BYTES: usize = 250 * 1024;

/// The screens users land on: the login, and the one `routes::home::Home` picks by role; each is a
/// split of that name.
const LANDING_SCREENS: [&str; 6] = [
    "login",
    "inbox",
    "ledger",
    "dashboard",
    "discipline",
    "admin",
];

/// Prints every file's size and fails when the largest first screen is over the budget.
/// `shell` are the files every page loads; `chunks` maps a chunk's stem to its file name; `needs` lists
/// the chunk stems each split loads.
pub fn report(
    dist: &Path,
    shell: &[&str],
    chunks: &[(String, String)],
    needs: &[(String, Vec<String>)],
    budget: Budget,
) -> Result<()> {
    eprintln!(
        "    {:<40} {:>10} {:>10} {:>10}",
        "file", "raw", "brotli", "gzip"
    );
    let mut shell_brotli = 0;
    for name in shell {
        shell_brotli += line(dist, name)?;
    }
    eprintln!("    {:<40} {:>10} {:>10}", "shell", "", kb(shell_brotli));
    let mut chunks_brotli = 0;
    for (_, name) in chunks {
        chunks_brotli += brotli_len(dist, name)?;
    }
    eprintln!(
        "    {:<40} {:>10} {:>10}   ({} chunks)",
        "all chunks",
        "",
        kb(chunks_brotli),
        chunks.len()
    );
    eprintln!(
        "    {:<40} {:>10} {:>10}",
        "whole app (shell + every chunk)",
        "",
        kb(shell_brotli + chunks_brotli)
    );
    let mut largest = ("", 0);
    for screen in LANDING_SCREENS {
        let stems = needs
            .iter()
            .find(|(split, _)| split == screen)
            .map(|(_, stems)| stems)
            .with_context(|| format!("no split named {screen}: see app/src/chunks.rs"))?;
        let mut total = shell_brotli;
        for stem in stems {
            let name = chunks
                .iter()
                .find(|(s, _)| s == stem)
                .map(|(_, name)| name)
                .with_context(|| format!("{screen} needs {stem}, which was not written"))?;
            total += brotli_len(dist, name)?;
        }
        eprintln!(
            "    {:<40} {:>10} {:>10}   ({} chunks)",
            format!("first screen: {screen}"),
            "",
            kb(total),
            stems.len()
        );
        if total > largest.1 {
            largest = (screen, total);
        }
    }
    eprintln!(
        "    {:<40} {:>10} {:>10}   (budget {})",
        format!("largest first screen ({})", largest.0),
        "",
        kb(largest.1),
        kb(BUDGET_BROTLI_BYTES)
    );
    if largest.1 <= BUDGET_BROTLI_BYTES {
        return Ok(());
    }
    if budget == Budget::Report {
        eprintln!(
            "    warning: over the size budget (see above); `cargo xtask test` fails on this"
        );
        return Ok(());
    }
    bail!(
        "size budget exceeded: the {} first screen needs {} after brotli, the budget is {}",
        largest.0,
        kb(largest.1),
        kb(BUDGET_BROTLI_BYTES)
    )
}

/// Prints one file's line and returns its brotli size.
fn line(dist: &Path, name: &str) -> Result<usize> {
    let raw = file_len(&dist.join(name))?;
    let brotli = brotli_len(dist, name)?;
    let gzip = file_len(&dist.join(format!("{name}.gz")))?;
    eprintln!(
        "    {:<40} {:>10} {:>10} {:>10}",
        name,
        kb(raw),
        kb(brotli),
        kb(gzip)
    );
    Ok(brotli)
}

fn brotli_len(dist: &Path, name: &str) -> Result<usize> {
    file_len(&dist.join(format!("{name}.br")))
}

fn file_len(path: &Path) -> Result<usize> {
    Ok(fs::metadata(path)
        .with_context(|| format!("reading {}", path.display()))?
        .len() as usize)
}
