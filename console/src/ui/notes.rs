//! Internal notes on a feedback answer or a contact request: the list and, for those who may
//! write, a form.

use leptos::prelude::*;
use patron_api::console::{NewNote, Note};

use crate::api::{self, ApiError};
use crate::format;
use crate::i18n::use_i18n;
use crate::session::use_session;
use crate::ui::{Common, WriteError};

#[component]
pub fn Notes(
    /// `…/notes` of the object.
    path: String,
    /// The notes so far, oldest first.
    notes: Vec<Note>,
    /// Runs after a note was added (to reload the object).
    on_added: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let text = RwSignal::new(String::new());
    let add = Action::new_local(move |body: &NewNote| {
        let (path, body) = (path.clone(), body.clone());
        async move { api::post::<_, Note>(&path, &body).await.map(|_| ()) }
    });
    Effect::new(move || {
        if let Some(Ok(())) = add.value().get() {
            text.set(String::new());
            on_added.run(());
        }
    });
    let result: Signal<Option<Result<(), ApiError>>> = add.value().into();
    view! {
        <section class="pc-section" aria-labelledby="notes-title">
            <h2 id="notes-title">{move || i18n.t(Common::Notes)}</h2>
            {if notes.is_empty() {
                view! { <p class="pc-muted">{move || i18n.t(Common::NoneYet)}</p> }.into_any()
            } else {
                view! {
                    <ol class="pc-notes">
                        {notes.into_iter().map(|n| view! {
                            <li>
                                <p class="pc-notes__meta">{n.author.email}" · "{format::date_time(n.created_at)}</p>
                                <p class="pc-notes__text">{n.text}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <Show when=move || session.can_work()>
                <form class="pc-form" on:submit=move |ev| {
                    ev.prevent_default();
                    add.dispatch(NewNote { text: text.get_untracked() });
                }>
                    <label>{move || i18n.t(Common::NoteLabel)}
                        <textarea rows="3" required maxlength="2000" bind:value=text></textarea></label>
                    <button type="submit" class="pc-button" disabled=move || add.pending().get()>
                        {move || i18n.t(Common::AddNote)}
                    </button>
                    <WriteError result=result/>
                </form>
            </Show>
        </section>
    }
}

/// Time to first action, in words.
pub fn first_action(ms: Option<i64>) -> impl Fn() -> String {
    move || {
        let i18n = use_i18n();
        match ms {
            None => i18n.t(Common::NotYet).to_owned(),
            Some(ms) => {
                let (h, m) = format::duration(ms);
                if h > 0 {
                    format!(
                        "{} {}",
                        i18n.tn(Common::Hours, h),
                        i18n.tn(Common::Minutes, m)
                    )
                } else {
                    i18n.tn(Common::Minutes, m)
                }
            }
        }
    }
}
