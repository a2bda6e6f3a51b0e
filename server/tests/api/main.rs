//! HTTP-level tests against a real server on a random port. One binary, one module per
//! feature, so the crate links once.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod bounded_memory;
mod cors;
mod demo;
mod errors;
mod faq_admin;
mod faq_articles;
mod faq_feedback;
mod faq_import;
mod faq_search;
mod handoff;
mod health;
mod openapi;
mod page_headers;
// Onboarding packs.
mod onboarding_admin;
mod onboarding_audience;
mod onboarding_demo;
mod onboarding_progress;
// Who owns a site's configuration: files or the admin API.
mod owners;
// Member points.
mod points_demo;
mod points_expiry;
mod points_history;
mod points_program;
mod points_purchases;
mod points_redeem;
mod points_tokens;
mod privacy;
mod rate_limits;
mod settings;
mod site_assets;
mod sites_new;
mod startup;
mod survey_admin;
mod survey_pacing;
mod survey_reports;
mod survey_responses;
mod survey_webhook;
mod webhooks;
mod widget;
