//! The report screens' plumbing: JSON read field by field through JS, HTML written as escaped text, and
//! one resource and one view for every report.
//!
//! Why text and not `view!`: a report is read-only markup redrawn whole when its data or the language
//! changes. As Leptos views and serde structs the report screens cost about three times the wasm they
//! cost as text through this small writer, more than the size budget leaves.

use crate::api::ApiError;
use crate::components::matter_list::{load_error, skeleton};
use crate::format::Units;
use crate::i18n::{I18n, Lang, tx};
use js_sys::{Array, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// A JSON value as `JSON.parse` made it; missing fields read as empty or zero.
#[derive(Clone)]
pub struct Js(pub JsValue);

impl Js {
    pub fn get(&self, key: &str) -> Js {
        Js(Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
    }
    pub fn s(&self, key: &str) -> String {
        self.get(key).0.as_string().unwrap_or_default()
    }
    pub fn f(&self, key: &str) -> Option<f64> {
        self.get(key).0.as_f64()
    }
    pub fn n(&self, key: &str) -> u32 {
        self.f(key).unwrap_or(0.0) as u32
    }
    pub fn list(&self, key: &str) -> Vec<Js> {
        self.get(key).items()
    }
    /// The elements of this value, when it is an array.
    pub fn items(&self) -> Vec<Js> {
        if Array::is_array(&self.0) {
            Array::from(&self.0).iter().map(Js).collect()
        } else {
            Vec::new()
        }
    }
}

/// Markup being written in the UI's language; every text from the server goes through `text`.
pub struct Html {
    pub out: String,
    pub lang: Lang,
    units: Units,
}

impl Html {
    /// An empty writer in the same language.
    pub fn new(like: &Html) -> Html {
        Html {
            out: String::new(),
            lang: like.lang,
            units: like.units,
        }
    }
    /// Escaped text as a string, for a table cell.
    pub fn esc(&self, s: &str) -> String {
        let mut h = Html::new(self);
        h.text(s);
        h.out
    }
    /// Markup written by this code: literals, numbers, and pieces already escaped by `text`/`esc`.
    /// Never a string from the server or the user: those go through `text`, since the whole report
    /// is given to `inner_html`.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }
    /// Text, escaped for element content and attribute values alike.
    pub fn text(&mut self, s: &str) -> &mut Self {
        shared::html::escape_into(&mut self.out, s);
        self
    }
    pub fn lang_text<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::Zh { zh } else { en }
    }
    pub fn tr(&mut self, zh: &str, en: &str) -> &mut Self {
        let s = self.lang_text(zh, en);
        self.raw(s)
    }
    pub fn unit_name(&self, code: &str) -> String {
        self.units.name(code)
    }
    pub fn unit(&mut self, code: &str) -> &mut Self {
        let name = self.units.name(code);
        self.text(&name)
    }
    pub fn h2(&mut self, zh: &str, en: &str) -> &mut Self {
        self.raw("<h2>").tr(zh, en).raw("</h2>")
    }
    /// Opens a table whose first column names the row; rows follow through `tr`, `th` and `td`.
    pub fn thead(&mut self, id: &str, heads: &[(&str, &str)]) -> &mut Self {
        self.raw(r#"<div class="table-wrap"><table class="table" data-testid=""#)
            .raw(id)
            .raw(r#""><thead><tr>"#);
        for (i, (zh, en)) in heads.iter().enumerate() {
            self.raw(if i == 0 {
                r#"<th scope="col">"#
            } else {
                r#"<th scope="col" class="num">"#
            })
            .tr(zh, en)
            .raw("</th>");
        }
        self.raw("</tr></thead><tbody>")
    }
    /// Opens a row keyed for tests, with its name cell (markup).
    pub fn row(&mut self, key: &str, name: &str) -> &mut Self {
        self.raw(r#"<tr data-key=""#)
            .text(key)
            .raw(r#""><th scope="row">"#)
            .raw(name)
            .raw("</th>")
    }
    pub fn td(&mut self, markup: &str) -> &mut Self {
        self.raw(r#"<td class="num">"#).raw(markup).raw("</td>")
    }
    pub fn td_text(&mut self, text: &str) -> &mut Self {
        self.raw(r#"<td class="num">"#).text(text).raw("</td>")
    }
    pub fn end_row(&mut self) -> &mut Self {
        self.raw("</tr>")
    }
    pub fn end_table(&mut self) {
        self.raw("</tbody></table></div>");
    }
    /// A unit's name as a cell.
    pub fn unit_cell(&self, code: &str) -> String {
        self.esc(&self.units.name(code))
    }
}

/// Prints the page; the print stylesheet (style/reports.css) leaves only the report on A4.
pub fn print_button() -> impl IntoView {
    view! {
        <button type="button" class="button small no-print" on:click=|_| { let _ = window().print(); }>
            {tx("打印", "Print")}
        </button>
    }
}

/// The JSON at the url `url()` names, refetched when what it reads changes. Every report screen
/// loads through this one function and a boxed closure, so the async machinery is compiled once.
pub type Url = Box<dyn Fn() -> String>;

pub fn js_resource(url: Url) -> LocalResource<Result<JsValue, ApiError>> {
    LocalResource::new(move || {
        let url = url();
        async move { crate::api::get_js(&url).await }
    })
}

/// A report resource as a view: skeleton, error with retry, or the markup `render` writes.
/// One function for every report screen: one compiled path instead of one per screen.
pub fn report_view(
    res: LocalResource<Result<JsValue, ApiError>>,
    render: fn(&mut Html, &Js),
) -> impl IntoView {
    let i18n = I18n::use_();
    let units = Units::use_();
    move || match res.get() {
        None => skeleton(),
        Some(Err(err)) => load_error(err, move || res.refetch()),
        Some(Ok(v)) => {
            let mut h = Html {
                out: String::new(),
                lang: i18n.get(),
                units,
            };
            render(&mut h, &Js(v));
            view! { <div class="report-body" inner_html=h.out></div> }.into_any()
        }
    }
}
