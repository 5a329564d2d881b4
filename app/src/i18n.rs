//! The UI's two languages: Chinese by default, English on request, the choice kept in localStorage.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

const STORAGE_KEY: &str = "duban.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The value for the `lang` attribute of `<html>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Every UI text. Adding a variant without its two translations does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    SkipToContent,
    Loading,
    /// The name of the *other* language, on the switch button.
    SwitchLanguage,
    SwitchLanguageLabel,
    LoginTitle,
    LoginIntro,
    Username,
    Password,
    SignIn,
    SigningIn,
    FillBoth,
    Welcome,
    Role,
    Unit,
    NoUnit,
    SignOut,
    SigningOut,
    NextSteps,
    Retry,
    ScreenNotLoaded,
    NotFound,
    BackHome,
    ChangePassword,
    CurrentPassword,
    NewPassword,
    RepeatNewPassword,
    PasswordRule,
    PasswordsDiffer,
    PasswordChanged,
    Saving,
}

impl Key {
    fn texts(self) -> (&'static str, &'static str) {
        match self {
            Key::AppName => ("督办系统", "Duban supervision"),
            Key::SkipToContent => ("跳到正文", "Skip to content"),
            Key::Loading => ("加载中…", "Loading…"),
            Key::SwitchLanguage => ("English", "中文"),
            Key::SwitchLanguageLabel => ("切换到英文界面", "Switch to Chinese"),
            Key::LoginTitle => ("登录", "Sign in"),
            Key::LoginIntro => (
                "请输入督办系统的用户名和密码。",
                "Enter your Duban username and password.",
            ),
            Key::Username => ("用户名", "Username"),
            Key::Password => ("密码", "Password"),
            Key::SignIn => ("登录", "Sign in"),
            Key::SigningIn => ("正在登录…", "Signing in…"),
            Key::FillBoth => ("请输入用户名和密码。", "Enter your username and password."),
            Key::Welcome => ("欢迎", "Welcome"),
            Key::Role => ("角色", "Role"),
            Key::Unit => ("单位", "Unit"),
            Key::NoUnit => ("全校", "University-wide"),
            Key::SignOut => ("退出登录", "Sign out"),
            Key::SigningOut => ("正在退出…", "Signing out…"),
            Key::NextSteps => (
                "督办事项、提醒和统计将在后续版本中出现在这里。",
                "Supervised matters, reminders and statistics will appear here.",
            ),
            Key::Retry => ("重试", "Try again"),
            Key::ScreenNotLoaded => (
                "此页面未能加载，请检查网络后重试。",
                "This screen could not be loaded. Check the network and try again.",
            ),
            Key::NotFound => ("页面不存在。", "This page does not exist."),
            Key::BackHome => ("返回首页", "Back to the start page"),
            Key::ChangePassword => ("修改密码", "Change password"),
            Key::CurrentPassword => ("当前密码", "Current password"),
            Key::NewPassword => ("新密码", "New password"),
            Key::RepeatNewPassword => ("再次输入新密码", "New password again"),
            Key::PasswordRule => (
                "新密码须为 {min}–{max} 个字符。修改后，您在其他设备上的登录将退出。",
                "The new password must be {min} to {max} characters. Changing it signs you out on your other devices.",
            ),
            Key::PasswordsDiffer => ("两次输入的新密码不一致。", "The two new passwords differ."),
            Key::PasswordChanged => (
                "密码已修改，其他设备上的登录已退出。",
                "Password changed; you are signed out on your other devices.",
            ),
            Key::Saving => ("正在保存…", "Saving…"),
        }
    }

    pub fn text(self, lang: Lang) -> &'static str {
        let (zh, en) = self.texts();
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// The current language, shared through context; `Copy` so closures can capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Reads the remembered language, keeps `<html lang>` in step, and provides the context.
    pub fn provide() -> I18n {
        let stored = LocalStorage::get::<String>(STORAGE_KEY)
            .ok()
            .and_then(|code| Lang::from_code(&code));
        let i18n = I18n {
            lang: RwSignal::new(stored.unwrap_or(Lang::Zh)),
        };
        Effect::new(move |_| {
            let lang = i18n.lang.get();
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", lang.html_lang());
            }
            document().set_title(Key::AppName.text(lang));
        });
        provide_context(i18n);
        i18n
    }

    pub fn use_() -> I18n {
        expect_context::<I18n>()
    }

    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// The text for `key` in the current language (reactive when called inside a closure).
    pub fn t(self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }

    /// An inline pair of texts for screens with many one-off labels; `Key` keeps the shared ones.
    pub fn tr(self, zh: &'static str, en: &'static str) -> &'static str {
        match self.lang.get() {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn set(self, lang: Lang) {
        // Storage may be unavailable (private mode, quota): the switch still works for this visit.
        let _ = LocalStorage::set(STORAGE_KEY, lang.code());
        self.lang.set(lang);
    }
}

/// A text in the UI's language as a view. One function, so the many labels share one compiled
/// render path instead of one per closure (each `move ||` is its own type and its own wasm code).
pub fn tx(zh: &'static str, en: &'static str) -> impl IntoView + Clone + use<> {
    let i18n = I18n::use_();
    move || i18n.tr(zh, en)
}

/// The button that flips the language, labelled in the language it switches to.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = I18n::use_();
    view! {
        <button
            type="button"
            class="lang-switch"
            data-testid="lang-switch"
            lang=move || i18n.get().other().html_lang()
            title=move || i18n.t(Key::SwitchLanguageLabel)
            on:click=move |_| i18n.set(i18n.get().other())
        >
            {move || i18n.t(Key::SwitchLanguage)}
        </button>
    }
}
