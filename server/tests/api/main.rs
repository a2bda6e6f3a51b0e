//! HTTP-level tests against a real server on a random port. One binary, one module per
//! feature, so the crate links once.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod bounded_memory;
mod continuity;
// The Patron Console.
mod console_contacts;
mod console_feedback;
mod console_library;
mod console_overview;
mod console_pages;
mod console_redemptions;
mod console_session;
mod cors;
mod demo;
mod demo_history;
mod errors;
mod faq_admin;
mod faq_articles;
mod faq_feedback;
mod faq_import;
mod faq_learned;
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
mod points_coupons;
mod points_demo;
mod points_earn;
mod points_expiry;
mod points_history;
mod points_program;
mod points_purchases;
mod points_redeem;
mod points_reminders;
mod points_tokens;
mod privacy;
mod rate_limits;
mod settings;
mod site_assets;
mod site_removal;
mod sites_new;
mod startup;
mod survey_admin;
mod survey_pacing;
mod survey_reports;
mod survey_responses;
mod survey_targeting;
mod survey_webhook;
mod webhooks;
mod widget;
