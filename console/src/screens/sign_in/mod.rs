//! Signing in: site, email and password. Any wrong combination gets the same answer.

use gloo_net::http::Method;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use patron_api::console::{ConsoleSession, SignIn as SignInBody};
use patron_api::paths;

use crate::api::{self, ApiError};
use crate::i18n::{messages, use_i18n};
use crate::session::use_session;
use crate::ui::locale::LocaleSelect;
use crate::ui::status::error_message;

messages! {
    Text {
        Title => "Sign in to Patron Console", "登录 Patron 控制台", "登入 Patron 控制台";
        Site => "Site", "站点", "站點";
        Email => "Email", "邮箱", "電子郵件";
        Password => "Password", "密码", "密碼";
        Submit => "Sign in", "登录", "登入";
        Busy => "Signing in…", "正在登录…", "正在登入…";
        Wrong => "The site, email or password is not right.", "站点、邮箱或密码不正确。", "站點、電子郵件或密碼不正確。";
        Expired => "Your session ended. Sign in again; your unsaved article drafts are kept.", "会话已结束。请重新登录，未保存的文章草稿已保留。", "工作階段已結束。請重新登入，未儲存的文章草稿已保留。";
    }
}

const SITE_KEY: &str = "patron-console-site";

#[component]
pub fn SignIn() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let storage = window().local_storage().ok().flatten();
    let site = RwSignal::new(
        query
            .get_untracked()
            .get("site")
            .or_else(|| {
                storage
                    .as_ref()
                    .and_then(|s| s.get_item(SITE_KEY).ok().flatten())
            })
            .unwrap_or_default(),
    );
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let submit = Action::new_local(move |body: &SignInBody| {
        let body = body.clone();
        async move {
            api::send_anonymous::<_, ConsoleSession>(Method::POST, paths::CONSOLE_SESSION, &body)
                .await
        }
    });
    Effect::new(move || {
        if let Some(Ok(s)) = submit.value().get() {
            if let Some(storage) = window().local_storage().ok().flatten() {
                let _ = storage.set_item(SITE_KEY, &s.user.site);
            }
            if let Some(locale) = s.user.locale {
                i18n.locale.set(locale);
            }
            session.signed_in(s);
            let next = query
                .get_untracked()
                .get("next")
                .filter(|n| n.starts_with("/console") && !n.starts_with("/console/sign-in"))
                .unwrap_or_else(|| "/console/".into());
            navigate(&next, Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.dispatch(SignInBody {
            site: site.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };
    let failure = move || match submit.value().get() {
        Some(Err(ApiError::SignedOut | ApiError::Invalid(_))) => Some(i18n.t(Text::Wrong)),
        Some(Err(e)) => Some(i18n.t(error_message(&e))),
        _ => None,
    };
    view! {
        <main id="main" class="pc-sign-in">
            <div class="pc-sign-in__card">
                <LocaleSelect/>
                <h1>{move || i18n.t(Text::Title)}</h1>
                <Show when=move || session.expired.get()>
                    <p class="pc-notice" role="status">{move || i18n.t(Text::Expired)}</p>
                </Show>
                <form on:submit=on_submit>
                    <label>{move || i18n.t(Text::Site)}
                        <input name="site" autocomplete="organization" required bind:value=site/></label>
                    <label>{move || i18n.t(Text::Email)}
                        <input name="email" type="email" autocomplete="username" required bind:value=email/></label>
                    <label>{move || i18n.t(Text::Password)}
                        <input name="password" type="password" autocomplete="current-password" required bind:value=password/></label>
                    {move || failure().map(|m| view! { <p class="pc-error" role="alert">{m}</p> })}
                    <button type="submit" class="pc-button pc-button--primary" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { i18n.t(Text::Busy) } else { i18n.t(Text::Submit) }}
                    </button>
                </form>
            </div>
        </main>
    }
}
