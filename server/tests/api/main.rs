//! HTTP-level tests against a real server on a random port. One binary, one module per
//! feature, so the crate links once.

#[path = "../common/mod.rs"]
mod common;

mod admin;
mod cors;
mod demo;
mod errors;
mod health;
mod settings;
mod site_assets;
mod startup;
mod widget;
