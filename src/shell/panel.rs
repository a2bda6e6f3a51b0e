use leptos::prelude::*;
use patron_api::{validate, ColorScheme, DisplayMode, ErrorCode, SiteSettings};
use wasm_bindgen::JsValue;

use super::chunk;
use super::header::Header;
use super::home::Home;
use super::screen::ModuleScreen;
use super::status::StatusPanel;
use crate::api::ApiError;
use crate::app::browser_languages;
use crate::bridge::{self, Bridge, Command};
use crate::i18n::use_i18n;
use crate::kiosk::{use_idle_reset, Overlays};
use crate::launch::Launch;
use crate::session::{focus_screen_heading, FaqView, GuideNews, Screen, Session};

/// The panel once the site's settings are known.
#[component]
pub fn Shell(launch: Launch, settings: SiteSettings) -> impl IntoView {
    let i18n = use_i18n();
    let mode = launch.mode;

    // In `embed` mode we talk only to a host the site allows; anything else is refused here
    // (the server's frame-ancestors header refuses it in the browser too).
    let host_origin = launch
        .host_origin
        .clone()
        .filter(|o| settings.allows_origin(o));
    if mode == DisplayMode::Embed && host_origin.is_none() {
        return view! { <StatusPanel error=ApiError::api(403, ErrorCode::OriginNotAllowed)/> }
            .into_any();
    }

    let langs = browser_languages();
    let locale = settings.pick_locale(
        launch.locale.map(|l| l.as_str()),
        langs.iter().map(String::as_str),
    );
    i18n.0.set(locale);
    let session = Session::new(launch.site.clone(), locale, settings.modules.clone());
    provide_context(session);
    let bridge = Bridge::new(mode, host_origin.clone());
    provide_context(bridge.clone());

    let offered = settings.locales.clone();
    let dispatch = move |cmd: Command| match cmd {
        Command::Boot {
            locale,
            member_token,
            segment,
        } => {
            if let Some(l) = locale.filter(|l| offered.contains(l)) {
                i18n.0.set(l);
            }
            if segment.is_some() {
                session.segment.set(segment);
            }
            if let Some(token) = member_token {
                if let Some(signed_in) = token.clone() {
                    crate::continuity::sign_in(session, mode, signed_in);
                }
                session.member_token.set(token);
            }
        }
        Command::Open {
            module,
            article,
            query,
        } => {
            if let Some(q) = query {
                session.faq.query.set(q);
                session.faq.view.set(FaqView::Browse);
            }
            if let Some(id) = article {
                session.faq.view.set(FaqView::Article(id));
            }
            session.navigate(module.map_or(Screen::Home, Screen::Module));
            focus_screen_heading();
            session.panel_open.set(true);
        }
        Command::Close => session.panel_open.set(false),
        Command::Ask(ask) => session.ask_survey(ask),
        Command::Tour(answer) => session.tell_guide(GuideNews::Tour(answer)),
        Command::On { .. } => {}
    };
    bridge::listen(mode, host_origin, dispatch);
    chunk::start_surveys(&launch.site);

    if let Some(id) = launch.article {
        session.faq.view.set(FaqView::Article(id));
    }
    if let Some(pack) = launch.pack {
        crate::onboarding::open_pack(session, pack);
    }
    if let Some(module) = launch.module {
        session.navigate(Screen::Module(module));
    }
    crate::viewport::fit_the_screen(mode);
    if settings.color_scheme != ColorScheme::Auto {
        // style/main.css: the site's choice over the device's.
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-scheme", settings.color_scheme.as_str());
        }
    }

    // A kiosk: the countdown before an idle reset, and the welcome screen after one. The
    // panel behind either is inert.
    let attract = RwSignal::new(false);
    let kiosk = (mode == DisplayMode::Kiosk).then(|| {
        let seconds = launch
            .kiosk_idle_seconds
            .unwrap_or(settings.kiosk_idle_seconds);
        let bridge = bridge.clone();
        use_idle_reset(
            seconds,
            move || !session.is_pristine(i18n),
            move || {
                if !session.is_pristine(i18n) {
                    session.reset(i18n);
                    attract.set(true);
                    bridge.emit("idle-reset", JsValue::NULL);
                }
            },
        )
    });
    {
        let bridge = bridge.clone();
        Effect::new(move |_| {
            let screen = session.screen.get();
            bridge.emit("navigate", JsValue::from_str(screen.name()));
        });
    }
    bridge.emit("ready", JsValue::from_str(locale.as_str()));

    let on_keydown = {
        let bridge = bridge.clone();
        move |ev: web_sys::KeyboardEvent| {
            if ev.key() != "Escape" {
                return;
            }
            ev.prevent_default();
            if !session.back() && mode != DisplayMode::Kiosk {
                bridge.emit("close-request", JsValue::NULL);
            }
        }
    };

    let brand = &settings.brand;
    let color = |c: &str, fallback: &'static str| {
        if validate::hex_color(c).is_ok() {
            c.to_owned()
        } else {
            fallback.to_owned()
        }
    };
    let style = format!(
        "--pt-primary:{};--pt-on-primary:{}",
        color(&brand.primary, "#1f5fbf"),
        color(&brand.on_primary, "#ffffff")
    );
    let default_locale = settings.default_locale;
    let greeting = settings.greeting.clone();
    let overlays = kiosk.map(|clock| {
        let overlays = Overlays {
            clock,
            attract,
            greeting: greeting.clone(),
            default_locale,
            style: style.clone(),
        };
        view! { <chunk::KioskLayer overlays/> }
    });
    let inert = move || attract.get() || kiosk.is_some_and(|clock| clock.shown.get());
    view! {
        <div class=format!("pt-panel pt-panel--{}", mode.as_str()) data-testid="panel" data-mode=mode.as_str()
            style=style on:keydown=on_keydown prop:inert=inert>
            <Header mode name=settings.name.clone() logo_url=settings.logo_url.clone() default_locale/>
            <main class="pt-body">
                {move || {
                    // Re-rendered from scratch when the session is forgotten.
                    session.epoch.track();
                    match session.screen.get() {
                        Screen::Home => view! { <Home greeting=greeting.clone() default_locale/> }.into_any(),
                        Screen::Module(module) => view! { <ModuleScreen module/> }.into_any(),
                    }
                }}
            </main>
        </div>
        {overlays}
    }
    .into_any()
}
