//! The audit log (owners): who changed what, when, on which object.

use leptos::prelude::*;
use patron_api::console::audit::{AuditEntry, AuditPage};
use patron_api::paths;

use crate::api::{self, query, site_path};
use crate::format;
use crate::i18n::{messages, use_i18n};
use crate::session::use_session;
use crate::ui::{loaded, Common};

messages! {
    Text {
        Title => "Audit log", "审计日志", "稽核紀錄";
        Who => "Who", "操作人", "操作人";
        What => "What", "操作", "操作";
        Object => "Object", "对象", "對象";
        Changes => "Changes", "变更", "變更";
        System => "System or API key", "系统或 API 密钥", "系統或 API 金鑰";

    }
}

#[component]
pub fn Audit() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let cursor = RwSignal::new(None::<String>);
    let page = LocalResource::new(move || {
        let path = format!(
            "{}{}",
            site_path(paths::CONSOLE_AUDIT, &session.site(), &[]),
            query(&[("cursor", cursor.get())])
        );
        async move { api::get::<AuditPage>(&path).await }
    });
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        {loaded(page, move |p: AuditPage| view! {
            {if p.entries.is_empty() {
                view! { <p class="pc-muted">{move || i18n.t(Common::NoneYet)}</p> }.into_any()
            } else {
                view! {
                    <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Text::Title)>
                    <table class="pc-table pc-table--rows">
                        <thead><tr>
                            <th scope="col">{move || i18n.t(Common::When)}</th>
                            <th scope="col">{move || i18n.t(Text::Who)}</th>
                            <th scope="col">{move || i18n.t(Text::What)}</th>
                            <th scope="col">{move || i18n.t(Text::Object)}</th>
                            <th scope="col">{move || i18n.t(Text::Changes)}</th>
                        </tr></thead>
                        <tbody>{p.entries.into_iter().map(|e| view! { <Row entry=e/> }).collect_view()}</tbody>
                    </table>
                    </div>
                }.into_any()
            }}
            <crate::ui::pager::Pager cursor=cursor next=p.next_cursor/>
        })}
    }
}

#[component]
fn Row(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let who = entry.actor.user.as_ref().map(|u| u.email.clone());
    let changes = entry
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                c.field,
                c.from.as_deref().unwrap_or("—"),
                c.to.as_deref().unwrap_or("—")
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <tr>
            <td>{format::date_time(entry.at)}</td>
            <td>{move || who.clone().unwrap_or_else(|| i18n.t(Text::System).to_owned())}</td>
            <td>{entry.action.as_str()}</td>
            <td>{entry.target.as_str()}" "{entry.target_id.clone()}</td>
            <td>{changes}</td>
        </tr>
    }
}
