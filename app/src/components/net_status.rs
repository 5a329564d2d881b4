//! The top bar's network light and outbox count: on a phone in a basement, what is waiting is always in sight.

use crate::i18n::I18n;
use crate::offline::Net;
use leptos::prelude::*;

#[component]
pub fn NetStatus() -> impl IntoView {
    let i18n = I18n::use_();
    let net = Net::use_();
    let queued = move || net.outbox.with(|o| o.queued_count());
    view! {
        <a
            class="net"
            class:net-off=move || !net.online.get()
            href="/drafts"
            data-testid="net-status"
            data-online=move || net.online.get().to_string()
        >
            <span class="net-dot" aria-hidden="true"></span>
            <span>{move || if net.online.get() { i18n.tr("在线", "Online") } else { i18n.tr("离线", "Offline") }}</span>
            {move || (queued() > 0).then(|| view! {
                <span class="net-count" data-testid="outbox-count">
                    {move || format!("{} {}", i18n.tr("待发送", "to send"), queued())}
                </span>
            })}
        </a>
    }
}
