//! The audit log (owners): who changed what, when, on which object.

use leptos::prelude::*;
use patron_api::console::audit::{AuditAction, AuditEntry, AuditPage, AuditTarget};
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
        UserAdded => "User added", "添加用户", "新增使用者";
        UserChanged => "User changed", "更改用户", "變更使用者";
        UserRemoved => "User removed", "移除用户", "移除使用者";
        FeedbackChanged => "Feedback updated", "更新反馈", "更新意見回饋";
        FeedbackNoted => "Note on feedback", "反馈备注", "意見回饋備註";
        ContactChanged => "Contact request updated", "更新联系请求", "更新聯絡請求";
        ContactNoted => "Note on contact request", "联系请求备注", "聯絡請求備註";
        ArticleSaved => "Article saved", "保存文章", "儲存文章";
        ArticleKeywordAdded => "Search term added to article", "为文章添加搜索词", "為文章新增搜尋詞";
        ArticleDeleted => "Article deleted", "删除文章", "刪除文章";
        SearchLearningReset => "Learned search reset", "重置搜索学习", "重設搜尋學習";
        ConfigReplaced => "Configuration replaced", "替换配置", "取代設定";
        RedemptionFulfilled => "Redemption fulfilled", "兑换已履行", "兌換已履行";
        RedemptionCancelled => "Redemption cancelled", "兑换已取消", "兌換已取消";
        TargetUser => "User", "用户", "使用者";
        TargetFeedback => "Feedback", "反馈", "意見回饋";
        TargetContact => "Contact request", "联系请求", "聯絡請求";
        TargetArticle => "Article", "文章", "文章";
        TargetRedemption => "Redemption", "兑换", "兌換";
        TargetSearchLearning => "Learned search", "搜索学习", "搜尋學習";
        TargetConfig => "Configuration", "配置", "設定";
    }
}

/// The action's name in the reader's language (a match, so a new action cannot go unnamed).
fn action_text(action: AuditAction) -> Text {
    match action {
        AuditAction::UserAdded => Text::UserAdded,
        AuditAction::UserChanged => Text::UserChanged,
        AuditAction::UserRemoved => Text::UserRemoved,
        AuditAction::FeedbackChanged => Text::FeedbackChanged,
        AuditAction::FeedbackNoted => Text::FeedbackNoted,
        AuditAction::ContactChanged => Text::ContactChanged,
        AuditAction::ContactNoted => Text::ContactNoted,
        AuditAction::ArticleSaved => Text::ArticleSaved,
        AuditAction::ArticleKeywordAdded => Text::ArticleKeywordAdded,
        AuditAction::ArticleDeleted => Text::ArticleDeleted,
        AuditAction::SearchLearningReset => Text::SearchLearningReset,
        AuditAction::ConfigReplaced => Text::ConfigReplaced,
        AuditAction::RedemptionFulfilled => Text::RedemptionFulfilled,
        AuditAction::RedemptionCancelled => Text::RedemptionCancelled,
    }
}

fn target_text(target: AuditTarget) -> Text {
    match target {
        AuditTarget::User => Text::TargetUser,
        AuditTarget::Feedback => Text::TargetFeedback,
        AuditTarget::Contact => Text::TargetContact,
        AuditTarget::Article => Text::TargetArticle,
        AuditTarget::Redemption => Text::TargetRedemption,
        AuditTarget::SearchLearning => Text::TargetSearchLearning,
        AuditTarget::Config => Text::TargetConfig,
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
    // One line each: a replaced configuration document can list dozens.
    let changes = entry
        .changes
        .iter()
        .map(|c| {
            let line = format!(
                "{}: {} → {}",
                c.field,
                c.from.as_deref().unwrap_or("—"),
                c.to.as_deref().unwrap_or("—")
            );
            view! { <li>{line}</li> }
        })
        .collect_view();
    view! {
        <tr>
            <td>{format::date_time(entry.at)}</td>
            <td>{move || who.clone().unwrap_or_else(|| i18n.t(Text::System).to_owned())}</td>
            // The name in the reader's language; the wire name stays at hand for a search.
            <td title=entry.action.as_str()>{move || i18n.t(action_text(entry.action))}</td>
            <td>{move || i18n.t(target_text(entry.target))}" "{entry.target_id.clone()}</td>
            <td class="pc-changes-cell"><ul class="pc-changes">{changes}</ul></td>
        </tr>
    }
}
