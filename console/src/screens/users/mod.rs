//! Users (owners): who may sign in to this site's console, with which role; add, change the
//! role, remove.

use leptos::prelude::*;
use patron_api::console::users::{NewUser, UserChange, UserList};
use patron_api::console::{Role, User};
use patron_api::paths;

use crate::api::{self, site_path, ApiError};
use crate::format;
use crate::i18n::{messages, use_i18n};
use crate::session::use_session;
use crate::ui::{loaded, Common, WriteError};

messages! {
    Text {
        Title => "Users", "用户", "使用者";
        Email => "Email", "邮箱", "電子郵件";
        Role => "Role", "角色", "角色";
        Since => "Added", "添加时间", "新增時間";
        Add => "Add a user", "添加用户", "新增使用者";
        Password => "First password (at least 10 characters)", "初始密码（至少 10 个字符）", "初始密碼（至少 10 個字元）";
        AddButton => "Add user", "添加用户", "新增使用者";
        Remove => "Remove {n}", "移除 {n}", "移除 {n}";
        RoleOf => "Role of {n}", "{n} 的角色", "{n} 的角色";
        You => "(you)", "（您）", "（您）";
        Roles => "Owners manage users and read the audit log; agents work the inboxes, the library and redemptions; viewers only read.", "所有者管理用户并查看审计日志；客服处理收件箱、文库和兑换；只读用户仅能查看。", "擁有者管理使用者並檢視稽核紀錄；客服處理收件匣、文庫與兌換；唯讀使用者僅能檢視。";
    }
}

pub fn role_text(role: Role) -> Common {
    match role {
        Role::Owner => Common::RoleOwner,
        Role::Agent => Common::RoleAgent,
        Role::Viewer => Common::RoleViewer,
    }
}

#[component]
pub fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let path = move || site_path(paths::CONSOLE_USERS, &session.site(), &[]);
    let users = LocalResource::new(move || {
        let path = path();
        async move { api::get::<UserList>(&path).await }
    });
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let password = RwSignal::new(String::new());
    let add = Action::new_local(move |body: &NewUser| {
        let (path, body) = (path(), body.clone());
        async move { api::post::<_, User>(&path, &body).await.map(|_| ()) }
    });
    Effect::new(move || {
        if let Some(Ok(())) = add.value().get() {
            email.set(String::new());
            password.set(String::new());
            users.refetch();
        }
    });
    let added: Signal<Option<Result<(), ApiError>>> = add.value().into();
    view! {
        <h1>{move || i18n.t(Text::Title)}</h1>
        <p class="pc-muted">{move || i18n.t(Text::Roles)}</p>
        {loaded(users, move |list: UserList| view! {
            <div class="pc-scroll" tabindex="0" role="region" aria-label=move || i18n.t(Text::Title)>
            <table class="pc-table pc-table--rows">
                <thead><tr>
                    <th scope="col">{move || i18n.t(Text::Email)}</th>
                    <th scope="col">{move || i18n.t(Text::Role)}</th>
                    <th scope="col">{move || i18n.t(Text::Since)}</th>
                    <td></td>
                </tr></thead>
                <tbody>
                    {list.users.into_iter().map(|u| view! { <Row user=u on_change=Callback::new(move |()| users.refetch())/> }).collect_view()}
                </tbody>
            </table>
            </div>
        })}
        <section class="pc-section" aria-labelledby="add-user">
            <h2 id="add-user">{move || i18n.t(Text::Add)}</h2>
            <form class="pc-form" on:submit=move |ev| {
                ev.prevent_default();
                add.dispatch(NewUser { email: email.get_untracked().trim().to_owned(), role: role.get_untracked(), password: password.get_untracked() });
            }>
                <label>{move || i18n.t(Text::Email)}<input type="email" required autocomplete="off" bind:value=email/></label>
                <label>{move || i18n.t(Text::Role)}
                    <RoleSelect value=role.get_untracked() on_pick=Callback::new(move |r| role.set(r))/></label>
                <label>{move || i18n.t(Text::Password)}<input type="password" required minlength="10" autocomplete="new-password" bind:value=password/></label>
                <button type="submit" class="pc-button pc-button--primary" disabled=move || add.pending().get()>{move || i18n.t(Text::AddButton)}</button>
                <WriteError result=added/>
            </form>
        </section>
    }
}

#[component]
fn RoleSelect(
    value: Role,
    on_pick: Callback<Role>,
    #[prop(optional, into)] label: Option<Signal<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select aria-label=move || label.map(|l| l.get()) on:change=move |ev| {
            let v = event_target_value(&ev);
            if let Some(r) = Role::parse(&v) { on_pick.run(r); }
        }>
            {Role::ALL.into_iter().rev().map(|r| view! {
                <option value=r.as_str() selected=r == value>{move || i18n.t(role_text(r))}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn Row(user: User, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let me = user.id == session.user_id();
    let path = site_path(paths::CONSOLE_USER, &session.site(), &[("user", &user.id)]);
    let change = Action::new_local({
        let path = path.clone();
        move |role: &Role| {
            let (path, body) = (
                path.clone(),
                UserChange {
                    role: Some(*role),
                    password: None,
                },
            );
            async move { api::put::<_, User>(&path, &body).await.map(|_| ()) }
        }
    });
    let remove = Action::new_local(move |_: &()| {
        let path = path.clone();
        async move { api::delete(&path).await }
    });
    Effect::new(move || {
        if matches!(change.value().get(), Some(Ok(())))
            || matches!(remove.value().get(), Some(Ok(())))
        {
            on_change.run(());
        }
    });
    let changed: Signal<Option<Result<(), ApiError>>> = change.value().into();
    let removed: Signal<Option<Result<(), ApiError>>> = remove.value().into();
    let email = user.email.clone();
    let email2 = user.email.clone();
    view! {
        <tr>
            <td>{user.email.clone()}{me.then(|| view! { " "{move || i18n.t(Text::You)} })}</td>
            <td>
                {if me {
                    view! { {move || i18n.t(role_text(user.role))} }.into_any()
                } else {
                    view! { <RoleSelect value=user.role label=Signal::derive(move || i18n.tn(Text::RoleOf, &email))
                        on_pick=Callback::new(move |r| { change.dispatch(r); })/> }.into_any()
                }}
                <WriteError result=changed/>
            </td>
            <td>{format::date_time(user.created_at)}</td>
            <td>{(!me).then(|| view! {
                <button type="button" class="pc-button pc-button--quiet" on:click=move |_| { remove.dispatch(()); }>
                    {move || i18n.tn(Text::Remove, &email2)}
                </button>
            })}<WriteError result=removed/></td>
        </tr>
    }
}
