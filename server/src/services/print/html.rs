//! A tiny HTML writer for the print views: every piece of user text goes through `text`, which escapes.

use chrono::{Datelike, NaiveDate};

/// `&`, `<`, `>`, `"` and `'` as entities: safe in element content and in quoted attributes.
pub fn esc(text: &str) -> String {
    shared::html::escape(text)
}

/// A date as the paper forms write it: `2026 年 3 月 20 日`; blanks to fill by hand when unknown.
pub fn ymd(d: Option<NaiveDate>) -> String {
    match d {
        Some(d) => format!("{} 年 {} 月 {} 日", d.year(), d.month(), d.day()),
        None => "　　年　　月　　日".to_owned(),
    }
}

#[derive(Default)]
pub struct Html {
    out: String,
}

impl Html {
    /// Markup written by this module; never user text.
    pub fn push(&mut self, markup: &str) {
        self.out.push_str(markup);
    }

    /// User text, escaped.
    pub fn text(&mut self, text: &str) {
        self.out.push_str(&esc(text));
    }

    /// `<tag class="…">text</tag>` with the text escaped.
    pub fn el(&mut self, tag: &str, class: &str, text: &str) {
        if class.is_empty() {
            self.out.push_str(&format!("<{tag}>"));
        } else {
            self.out.push_str(&format!("<{tag} class=\"{class}\">"));
        }
        self.text(text);
        self.out.push_str(&format!("</{tag}>"));
    }

    /// A table row of label/value cells; a value cell spans `span` columns.
    pub fn row(&mut self, cells: &[(&str, &str, u8)]) {
        self.push("<tr>");
        for (label, value, span) in cells {
            self.el("th", "", label);
            if *span > 1 {
                self.push(&format!("<td colspan=\"{span}\" class=\"value\">"));
            } else {
                self.push("<td class=\"value\">");
            }
            self.text(value);
            self.push("</td>");
        }
        self.push("</tr>");
    }

    /// The page head, and a toolbar back to the matter that the print stylesheet hides.
    pub fn open_page(&mut self, title: &str, matter_id: Option<&str>) {
        let back = matter_id.map(|id| (format!("/matters/{id}"), "← 返回事项"));
        self.open_page_back(title, back.as_ref().map(|(h, t)| (h.as_str(), *t)));
    }

    /// The page head, with a toolbar (back to `href`, print) when there is somewhere to go back to.
    pub fn open_page_back(&mut self, title: &str, back: Option<(&str, &str)>) {
        self.push("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
        self.push("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        self.el("title", "", title);
        self.push("<link rel=\"stylesheet\" href=\"/print/forms.css\"></head><body>");
        if let Some((href, label)) = back {
            self.push("<nav class=\"toolbar\" aria-label=\"打印\"><a href=\"");
            self.text(href);
            self.push("\">");
            self.text(label);
            self.push("</a><button type=\"button\" id=\"print-now\">打印</button>");
            self.push("<span class=\"hint\">纸张：A4 纵向</span></nav>");
            self.push("<script src=\"/print/print.js\" defer></script>");
        }
        self.push("<main>");
    }

    pub fn close_page(mut self) -> String {
        self.push("</main></body></html>");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_open_a_tag_or_leave_an_attribute() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn dates_read_like_the_paper_forms() {
        assert_eq!(
            ymd(NaiveDate::from_ymd_opt(2026, 3, 9)),
            "2026 年 3 月 9 日"
        );
        assert!(ymd(None).contains('年'));
    }
}
