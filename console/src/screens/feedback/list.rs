//! Every answer, newest first, with filters, comment search, paging and CSV export.

use leptos::prelude::*;
use leptos_router::components::A;
use patron_api::console::feedback::{FeedbackPage, FeedbackStatus};
use patron_api::{paths, Band, DisplayMode};

use super::text::{band, band_filter, score_of, status, surface, Text};
use crate::api::{self, query, site_path};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::{loaded, Common};

#[derive(Clone, Default, PartialEq)]
struct Filters {
    band: String,
    status: String,
    surface: String,
    q: String,
}

impl Filters {
    fn query(&self, cursor: Option<String>, csv: bool) -> String {
        let some = |s: &String| Some(s.clone());
        query(&[
            ("band", some(&self.band)),
            ("status", some(&self.status)),
            ("surface", some(&self.surface)),
            ("q", some(&self.q)),
            ("cursor", cursor),
            ("format", csv.then(|| "csv".to_owned())),
        ])
    }
}

#[component]
pub fn List() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let filters = RwSignal::new(Filters::default());
    let draft = RwSignal::new(Filters::default());
    let cursor = RwSignal::new(None::<String>);
    let base = move || site_path(paths::CONSOLE_FEEDBACK, &session.site(), &[]);
    let page = LocalResource::new(move || {
        let path = format!("{}{}", base(), filters.get().query(cursor.get(), false));
        async move { api::get::<FeedbackPage>(&path).await }
    });
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        cursor.set(None);
        filters.set(draft.get_untracked());
    };
    let select = move |label: Text,
                       field: fn(&mut Filters) -> &mut String,
                       options: Vec<(&'static str, Text)>| {
        let value = move || {
            let mut f = draft.get();
            field(&mut f).clone()
        };
        view! {
            <label>{move || i18n.t(label)}
                <select prop:value=value on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|f| *field(f) = v);
                }>
                    <option value="">{move || i18n.t(Common::All)}</option>
                    {options.into_iter().map(|(v, t)| view! { <option value=v>{move || i18n.t(t)}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let surfaces = DisplayMode::ALL
        .into_iter()
        .map(|m| (m.as_str(), surface(m)))
        .collect::<Vec<_>>();
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <form class="pc-filters" on:submit=apply role="search" aria-label=move || i18n.t(Text::Filters)>
            {select(Text::Band, |f| &mut f.band, Band::ALL.into_iter().map(|b| (b.as_str(), band_filter(b))).collect())}
            {select(Text::QueueStatus, |f| &mut f.status, FeedbackStatus::ALL.into_iter().map(|s| (s.as_str(), status(s))).collect())}
            {select(Text::Surface, |f| &mut f.surface, surfaces)}
            <label>{move || i18n.t(Text::SearchComments)}
                <input type="search" prop:value=move || draft.get().q
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|f| f.q = v); }/></label>
            <button type="submit" class="pc-button">{move || i18n.t(Common::Filter)}</button>
        </form>
        <p><a class="pc-link" download="feedback.csv"
            href=move || format!("{}{}", base(), filters.get().query(None, true))>{move || i18n.t(Text::Export)}</a></p>
        {loaded(page, move |p: FeedbackPage| view! {
            <Rows page=p.clone()/>
            <crate::ui::pager::Pager cursor=cursor next=p.next_cursor/>
        })}
    }
}

#[component]
fn Rows(page: FeedbackPage) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="pc-muted">{move || i18n.t(Text::Empty)}</p> }.into_any();
    }
    view! {
        <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Text::Title)>
        <table class="pc-table pc-table--rows">
            <thead><tr>
                <th scope="col">{move || i18n.t(Common::When)}</th>
                <th scope="col">{move || i18n.t(Text::Score)}</th>
                <th scope="col">{move || i18n.t(Text::Survey)}</th>
                <th scope="col">{move || i18n.t(Text::Surface)}</th>
                <th scope="col">{move || i18n.t(Text::Comment)}</th>
                <th scope="col">{move || i18n.t(Common::Member)}</th>
                <th scope="col">{move || i18n.t(Common::Status)}</th>
            </tr></thead>
            <tbody>
                {page.items.into_iter().map(|item| {
                    let when = format::date_time(item.created_at);
                    let href = format!("/console/feedback/{}", item.id);
                    let label = when.clone();
                    let b = band(item.kind, item.band);
                    let (kind, score) = (item.kind, item.score);
                    let st = item.status.map(status);
                    view! {
                        <tr>
                            <td><A href=href attr:aria-label=move || i18n.tn(Text::OpenAnswer, &label)>{when}</A></td>
                            <td>{move || score_of(i18n.t(Text::OutOf), kind, score)}" · "{move || i18n.t(b)}</td>
                            <td>{item.survey_id}</td>
                            <td>{move || i18n.t(surface(item.surface))}</td>
                            <td class="pc-comment">{item.comment.unwrap_or_default()}</td>
                            <td>{item.member_id.unwrap_or_default()}{item.tier.map(|t| format!(" ({t})"))}</td>
                            <td>{move || st.map(|s| i18n.t(s))}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
    .into_any()
}
