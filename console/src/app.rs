//! The app: the session check, the router and the shell (header, navigation, language,
//! sign-out) around each screen.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::path;
use patron_api::console::{ConsoleSession, Role};
use patron_api::paths;

use crate::api;
use crate::chunk::{Screen, ScreenId};
use crate::i18n::{browser_locale, provide_i18n, use_i18n};
use crate::screens::sign_in::SignIn;
use crate::session::use_session;
use crate::ui::locale::{stored_locale, LocaleSelect};
use crate::ui::{Common, Loading};

/// Where the console lives.
pub const BASE: &str = "/console";

#[component]
pub fn App() -> impl IntoView {
    let i18n = provide_i18n(stored_locale().unwrap_or_else(browser_locale));
    let session = use_session();
    leptos::task::spawn_local(async move {
        match api::get::<ConsoleSession>(paths::CONSOLE_SESSION).await {
            Ok(s) => {
                if let Some(locale) = s.user.locale {
                    i18n.locale.set(locale);
                }
                session.signed_in(s);
            }
            Err(_) => session.signed_out(),
        }
    });
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/console/sign-in") view=SignIn/>
                <ParentRoute path=path!("/console") view=Shell>
                    <Route path=path!("") view=|| view! { <Screen screen=ScreenId::overview/> }/>
                    <Route path=path!("feedback") view=|| view! { <Screen screen=ScreenId::feedback/> }/>
                    <Route path=path!("feedback/:id") view=|| view! { <Screen screen=ScreenId::feedback/> }/>
                    <Route path=path!("contacts") view=|| view! { <Screen screen=ScreenId::contacts/> }/>
                    <Route path=path!("contacts/:id") view=|| view! { <Screen screen=ScreenId::contacts/> }/>
                    <Route path=path!("library") view=|| view! { <Screen screen=ScreenId::library/> }/>
                    <Route path=path!("library/:id") view=|| view! { <Screen screen=ScreenId::library/> }/>
                    <Route path=path!("guides") view=|| view! { <Screen screen=ScreenId::guides/> }/>
                    <Route path=path!("members") view=|| view! { <Screen screen=ScreenId::members/> }/>
                    <Route path=path!("users") view=|| view! { <Screen screen=ScreenId::users/> }/>
                    <Route path=path!("audit") view=|| view! { <Screen screen=ScreenId::audit/> }/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The signed-in frame: header, navigation, the screen. Signed out, it sends the user to
/// sign-in with the page they wanted.
#[component]
fn Shell() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || {
        if !session.known.get() {
            return view! { <Loading/> }.into_any();
        }
        if session.current.with(Option::is_none) {
            let here = location.pathname.get_untracked();
            let next = api::encode(&here);
            return view! { <Redirect path=format!("{BASE}/sign-in?next={next}")/> }.into_any();
        }
        view! {
            <a class="pc-skip" href="#main">{move || use_i18n().t(Common::Skip)}</a>
            <Header/>
            <main id="main" class="pc-main" tabindex="-1"><Outlet/></main>
        }
        .into_any()
    }
}

fn role_name(role: Role) -> Common {
    match role {
        Role::Owner => Common::RoleOwner,
        Role::Agent => Common::RoleAgent,
        Role::Viewer => Common::RoleViewer,
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sign_out = Action::new_local(|_: &()| async move {
        let _ = api::delete(paths::CONSOLE_SESSION).await;
        let session = use_session();
        session.current.set(None);
    });
    let links = move || {
        let mut links = vec![
            ("/console", Common::NavOverview),
            ("/console/feedback", Common::NavFeedback),
            ("/console/contacts", Common::NavContacts),
            ("/console/library", Common::NavLibrary),
            ("/console/guides", Common::NavGuides),
            ("/console/members", Common::NavMembers),
        ];
        if session.can_manage() {
            links.push(("/console/users", Common::NavUsers));
            links.push(("/console/audit", Common::NavAudit));
        }
        links
    };
    let who = move || {
        session.current.with(|s| {
            s.as_ref()
                .map(|s| format!("{} · {}", s.user.email, i18n.t(role_name(s.user.role))))
        })
    };
    view! {
        <header class="pc-header">
            <p class="pc-brand">{move || i18n.t(Common::Product)}</p>
            <nav class="pc-nav" aria-label=move || i18n.t(Common::NavMain)>
                <ul>
                    {move || links().into_iter().map(|(href, label)| view! {
                        <li><A href=href exact=true>{move || i18n.t(label)}</A></li>
                    }).collect_view()}
                </ul>
            </nav>
            <div class="pc-user">
                <LocaleSelect/>
                <p class="pc-user__who"><span class="pc-visually-hidden">{move || i18n.t(Common::SignedInAs)}" "</span>{who}</p>
                <button type="button" class="pc-button pc-button--quiet"
                    on:click=move |_| { sign_out.dispatch(()); }>
                    {move || i18n.t(Common::SignOut)}
                </button>
            </div>
        </header>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" class="pc-main">
            <h1>{move || i18n.t(Common::Product)}</h1>
            <p>{move || i18n.t(Common::NotFoundPage)}</p>
            <p><a href="/console/">{move || i18n.t(Common::NavOverview)}</a></p>
        </main>
    }
}
