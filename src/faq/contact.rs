use leptos::prelude::*;
use patron_api::faq::{ContactContext, ContactRequest};
use patron_api::survey::Trigger;
use patron_api::{DisplayMode, FieldCode, FieldError};

use super::api;
use super::i18n::{t, FaqStrings};
use crate::api::ApiError;
use crate::bridge::use_bridge;
use crate::i18n::use_i18n;
use crate::session::{use_session, FaqView, SurveyAsk};

type Label = fn(&FaqStrings) -> &'static str;

/// The customer-facing sentence for a broken rule on a field.
fn field_message(t: &FaqStrings, e: &FieldError) -> &'static str {
    match (e.field.as_str(), e.code) {
        ("email", FieldCode::Required) => t.err_contact_required,
        (_, FieldCode::Required) => t.err_required,
        (_, FieldCode::TooLong) => t.err_too_long,
        _ => t.err_format,
    }
}

/// A labelled input whose error, if any, is shown beside it and announced with it.
#[component]
fn Field(
    name: &'static str,
    label: Label,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("pt-f-{name}");
    let error_id = format!("{id}-error");
    let error = move || {
        errors.with(|es| {
            es.iter()
                .find(|e| e.field == name)
                .map(|e| field_message(t(i18n), e))
        })
    };
    let invalid = move || error().is_some().to_string();
    let described = move || error().map(|_| error_id.clone());
    let input = if multiline {
        view! {
            <textarea id=id.clone() name=name class="pt-input" rows="4" aria-invalid=invalid aria-describedby=described.clone()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=name type=kind autocomplete=autocomplete class="pt-input" aria-invalid=invalid
                aria-describedby=described prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        }
        .into_any()
    };
    view! {
        <div class="pt-field">
            <label class="pt-field__label" for=id>{move || label(t(i18n))}</label>
            {input}
            <p class="pt-field__error" id=format!("pt-f-{name}-error") data-testid=format!("error-{name}")>{error}</p>
        </div>
    }
}

/// "Contact us": sends the form together with what the customer searched and read.
#[component]
pub fn ContactForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let trail = session.faq;
    let [name, email, phone, order, message] =
        std::array::from_fn(|_| RwSignal::new(String::new()));
    // Start the message with what they were looking for; they can change it.
    message.set(
        trail
            .queries
            .with_untracked(|q| q.last().cloned())
            .unwrap_or_default(),
    );
    // A kiosk serves one shopper after another: the browser must not offer the next one the
    // last one's name, e-mail address or phone number.
    let kiosk = use_bridge().mode() == DisplayMode::Kiosk;
    let fill = move |hint: &'static str| if kiosk { "off" } else { hint };
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failed = RwSignal::new(None::<ApiError>);
    let sending = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        let optional =
            |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
        let body = ContactRequest {
            session: session.id.get_untracked(),
            locale: i18n.0.get_untracked(),
            name: name.get_untracked(),
            email: optional(email),
            phone: optional(phone),
            order_number: optional(order),
            message: message.get_untracked(),
            context: ContactContext {
                queries: trail.queries.get_untracked(),
                articles_read: trail.read.get_untracked(),
            },
        };
        failed.set(None);
        // The same rules the server applies, so most mistakes show at once, offline too.
        if let Err(e) = body.validate() {
            errors.set(e.0);
            return;
        }
        errors.set(Vec::new());
        sending.set(true);
        let site = session.site.get_value();
        leptos::task::spawn_local(async move {
            match api::contact(site, body).await {
                Ok(receipt) => {
                    trail.open(FaqView::Sent(receipt.reference));
                    session.ask_survey(SurveyAsk::Widget(Trigger::contact_sent()));
                }
                Err(e) if !e.fields().is_empty() => errors.set(e.fields().to_vec()),
                Err(e) => failed.set(Some(e)),
            }
            sending.set(false);
        });
    };

    view! {
        <form class="pt-form" data-testid="contact-form" novalidate on:submit=submit
            autocomplete=fill("on")>
            <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{move || t(i18n).contact_title}</h3>
            <p class="pt-muted">{move || t(i18n).contact_intro}</p>
            <Field name="name" label=|t| t.contact_name value=name errors autocomplete=fill("name")/>
            <Field name="email" label=|t| t.contact_email value=email errors kind="email" autocomplete=fill("email")/>
            <Field name="phone" label=|t| t.contact_phone value=phone errors kind="tel" autocomplete=fill("tel")/>
            <Field name="order_number" label=|t| t.contact_order value=order errors/>
            <Field name="message" label=|t| t.contact_message value=message errors multiline=true/>
            <p class="pt-form__error" role="alert" data-testid="contact-error">
                {move || {
                    match failed.get() {
                        Some(e) => i18n.t().error_message(e.code()),
                        None if errors.with(|e| !e.is_empty()) => t(i18n).err_form,
                        None => "",
                    }
                }}
            </p>
            <button type="submit" class="pt-button pt-button--primary" data-testid="contact-send" disabled=move || sending.get()>
                {move || if sending.get() { t(i18n).contact_sending } else { t(i18n).contact_send }}
            </button>
        </form>
    }
}

/// The receipt: the reference number to quote.
#[component]
pub fn Sent(reference: String) -> impl IntoView {
    let i18n = use_i18n();
    let trail = use_session().faq;
    view! {
        <div class="pt-sent" data-testid="contact-sent">
            <h3 class="pt-subtitle" tabindex="-1" data-pt-focus="">{move || t(i18n).contact_sent_title}</h3>
            <p>{move || t(i18n).contact_reference}</p>
            <p class="pt-reference" data-testid="contact-reference">{reference}</p>
            <p class="pt-muted">{move || t(i18n).contact_sent_note}</p>
            <button class="pt-button" on:click=move |_| trail.open(FaqView::Browse)>{move || t(i18n).back_to_help}</button>
        </div>
    }
}
