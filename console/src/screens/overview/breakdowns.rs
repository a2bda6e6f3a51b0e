//! The period's answers by surface, locale, tier and survey.

use leptos::prelude::*;
use patron_api::console::overview::{BreakdownRow, Breakdowns as BreakdownsData};
use patron_api::{Locale, Localized};

use super::text::Text;
use crate::format;
use crate::i18n::use_i18n;

#[component]
pub fn Breakdowns(breakdowns: BreakdownsData) -> impl IntoView {
    let i18n = use_i18n();
    let b = breakdowns;
    view! {
        <section class="pc-section">
            <h2>{move || i18n.t(Text::Breakdowns)}</h2>
            <div class="pc-grid">
                <Breakdown title=Text::BySurface rows=b.surface known=surface_name/>
                <Breakdown title=Text::ByLocale rows=b.locale known=locale_name/>
                <Breakdown title=Text::ByTier rows=b.tier known=tier_name/>
                // Two surveys may ask the same question (after an order, after a contact):
                // the id under it tells them apart.
                <Breakdown title=Text::BySurvey rows=b.survey known=|_| None show_key=true/>
            </div>
        </section>
    }
}

/// The words for the surfaces Patron runs on.
fn surface_name(key: &str) -> Option<Text> {
    match key {
        "embed" => Some(Text::SurfaceEmbed),
        "page" => Some(Text::SurfacePage),
        "kiosk" => Some(Text::SurfaceKiosk),
        _ => None,
    }
}

/// The customers' languages, named in the user's.
fn locale_name(key: &str) -> Option<Text> {
    match key {
        "zh-CN" => Some(Text::LocaleZhCn),
        "zh-TW" => Some(Text::LocaleZhTw),
        "en" => Some(Text::LocaleEn),
        _ => None,
    }
}

/// The two tier rows that are no tier: not signed in, and a member whose tier was not known.
fn tier_name(key: &str) -> Option<Text> {
    match key {
        "" => Some(Text::NotSignedIn),
        "unknown" => Some(Text::TierUnknown),
        _ => None,
    }
}

/// One dimension's table; `known` gives the words for the keys Patron itself defines (the
/// rest are named by their label, else their key); `show_key` adds the key under a label.
#[component]
fn Breakdown(
    title: Text,
    rows: Vec<BreakdownRow>,
    known: fn(&str) -> Option<Text>,
    #[prop(optional)] show_key: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let share = |s: Option<f64>| s.map(format::percent).unwrap_or_else(|| "—".into());
    view! {
        <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(title)>
        <table class="pc-table">
            <caption>{move || i18n.t(title)}</caption>
            <thead><tr>
                <th scope="col">{move || i18n.t(Text::Key)}</th>
                <th scope="col">{move || i18n.t(Text::Answers)}</th>
                <th scope="col">{move || i18n.t(Text::Nps)}</th>
                <th scope="col">{move || i18n.t(Text::CsatMean)}</th>
                <th scope="col">{move || i18n.t(Text::Satisfied)}</th>
                <th scope="col">{move || i18n.t(Text::CesMean)}</th>
                <th scope="col">{move || i18n.t(Text::Detractors)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let (key, label) = (r.key, r.label);
                    let key_line = (show_key && label.is_some())
                        .then(|| view! { <span class="pc-table__key">{key.clone()}</span> });
                    let name = move || match known(&key) {
                        Some(text) => i18n.t(text).to_owned(),
                        None => row_name(&key, label.as_ref(), i18n.locale.get())
                            .unwrap_or_else(|| i18n.t(Text::NotSignedIn).to_owned()),
                    };
                    view! {
                        <tr>
                            <th scope="row">{name}{key_line}</th>
                            <td class="pc-num">{format::count(r.answers)}</td>
                            <td class="pc-num">{format::number(r.nps, 1)}</td>
                            <td class="pc-num">{format::number(r.csat_mean, 2)}</td>
                            <td class="pc-num">{share(r.csat_satisfied_share)}</td>
                            <td class="pc-num">{format::number(r.ces_mean, 2)}</td>
                            <td class="pc-num">{format::count(r.detractors)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// What a row is called: its label in `locale` (a tier's name, in any locale it has when not
/// in this one), else its key; `None` for the empty key (customers not signed in).
fn row_name(key: &str, label: Option<&Localized>, locale: Locale) -> Option<String> {
    let name = label.map(|l| l.get(locale, locale)).unwrap_or("");
    match (name, key) {
        ("", "") => None,
        ("", key) => Some(key.to_owned()),
        (name, _) => Some(name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_named_by_its_label_in_the_locale_else_its_key() {
        let gold = Localized {
            zh_cn: Some("金卡会员".into()),
            zh_tw: Some("金卡會員".into()),
            en: Some("Gold".into()),
        };
        assert_eq!(
            row_name("gold", Some(&gold), Locale::ZhTw).as_deref(),
            Some("金卡會員")
        );
        assert_eq!(
            row_name("gold", Some(&gold), Locale::En).as_deref(),
            Some("Gold")
        );
        let only_cn = Localized {
            zh_cn: Some("银卡".into()),
            ..Localized::default()
        };
        assert_eq!(
            row_name("silver", Some(&only_cn), Locale::En).as_deref(),
            Some("银卡")
        );
        // A tier the programme no longer has, or a blank name: the id.
        assert_eq!(
            row_name("bronze", None, Locale::En).as_deref(),
            Some("bronze")
        );
        assert_eq!(
            row_name("bronze", Some(&Localized::default()), Locale::En).as_deref(),
            Some("bronze")
        );
        assert_eq!(row_name("", None, Locale::En), None);
    }
}
