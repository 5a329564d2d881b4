//! SVG charts for the reports (no canvas, no library): on-time rate by unit, and matters by month.
//! Each is an `img` with a `<title>`, carries its numbers as text, and scales to the width it gets.
//! Written as markup into the report's HTML (see `components::markup`), like the rest of a report.

use crate::components::markup::Html;

/// The drawing width in SVG units; the chart scales to its box, so text stays ~12 px on a 360-px phone.
const W: u32 = 360;
const ROW: u32 = 34;

/// One horizontal bar per row: the label above the bar, the figure at its right end.
/// `rows`: (label, value in per mille of a full bar, the figure as text).
pub fn rate_bars(h: &mut Html, rows: &[(String, u32, String)]) {
    let height = rows.len() as u32 * ROW + 4;
    h.raw(&format!(
        r#"<svg class="chart" viewBox="0 0 {W} {height}" role="img" aria-labelledby="rate-title" data-testid="rate-chart"><title id="rate-title">"#
    ))
    .tr("各单位按期办结率", "On-time rate by unit")
    .raw("</title>");
    for (i, (label, pm, figure)) in rows.iter().enumerate() {
        let y = i as u32 * ROW;
        let w = (*pm).min(1000) * W / 1000;
        h.raw(&format!(r#"<text x="0" y="{}">"#, y + 14))
            .text(label);
        h.raw(&format!(
            r#"</text><text x="{W}" y="{}" text-anchor="end">"#,
            y + 14
        ))
        .text(figure);
        h.raw(&format!(
            r#"</text><rect class="track" x="0" y="{y2}" width="{W}" height="9" rx="4"/><rect class="bar-on" x="0" y="{y2}" width="{w}" height="9" rx="4"/>"#,
            y2 = y + 20
        ));
    }
    h.raw("</svg>");
}

/// Per month: matters issued and completed, the on-time share drawn inside the completed bar.
/// `points`: (month 1-12, new, completed, on time).
pub fn trend(h: &mut Html, points: &[(u32, u32, u32, u32)]) {
    let n = points.len().max(1) as u32;
    let slot = W / n;
    let bw = (slot / 3).clamp(2, 22);
    let top = points
        .iter()
        .map(|p| p.1.max(p.2))
        .max()
        .unwrap_or(0)
        .max(1);
    // Bars stand on y = 130 and are at most 96 high; month labels under them, the legend above.
    let hgt = |v: u32| v * 96 / top;
    // With more than a year of months only every few are named, so labels never overlap.
    let every = n.div_ceil(12);
    h.raw(&format!(
        r#"<svg class="chart" viewBox="0 0 {W} 150" role="img" aria-labelledby="trend-title" data-testid="trend"><title id="trend-title">"#
    ))
    .tr("按月新交办与办结事项", "Matters issued and completed by month")
    .raw(r#"</title><rect class="bar-new" x="0" y="2" width="10" height="10"/><text x="14" y="11">"#)
    .tr("新交办", "Issued")
    .raw(r#"</text><rect class="bar-done" x="90" y="2" width="10" height="10"/><text x="104" y="11">"#)
    .tr("办结", "Completed")
    .raw(r#"</text><rect class="bar-on" x="190" y="2" width="10" height="10"/><text x="204" y="11">"#)
    .tr("其中按期", "of which on time")
    .raw("</text>");
    for (i, &(month, new, done, on_time)) in points.iter().enumerate() {
        let x = i as u32 * slot + slot / 2;
        let bar = |class: &str, x: u32, v: u32| {
            format!(
                r#"<rect class="{class}" x="{x}" y="{}" width="{bw}" height="{}"/>"#,
                130 - hgt(v),
                hgt(v)
            )
        };
        h.raw(&bar("bar-new", x - bw, new))
            .raw(&bar("bar-done", x, done))
            .raw(&bar("bar-on", x, on_time));
        // Figures above the bars only while there is room for them.
        if n <= 12 {
            for (x, v) in [(x - bw / 2, new), (x + bw / 2, done)] {
                h.raw(&format!(
                    r#"<text class="fig" x="{x}" y="{}" text-anchor="middle">{v}</text>"#,
                    126 - hgt(v)
                ));
            }
        }
        if (i as u32).is_multiple_of(every) {
            h.raw(&format!(
                r#"<text x="{x}" y="146" text-anchor="middle">{month}"#
            ))
            .tr("月", "")
            .raw("</text>");
        }
    }
    h.raw(&format!(
        r#"<line class="axis" x1="0" y1="130" x2="{W}" y2="130"/></svg>"#
    ));
}
