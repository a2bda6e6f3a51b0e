//! Onboarding fixtures: pack files for the `demo` site (which runs the points programme of
//! `points`, with member tokens), and helpers that speak the onboarding API.

use serde_json::{json, Value};

use super::{points, spawn_with, Options, TestApp};

pub const PACKS: &str = "/v1/sites/demo/onboarding/packs";
pub const ADMIN_PACKS: &str = "/v1/admin/sites/demo/onboarding/packs";

/// zh-TW is left out of `welcome`'s description and of step `price`'s bubble on purpose.
pub const WELCOME: &str = r##"
id: welcome
title: { zh-CN: 新手指南, zh-TW: 新手指南, en: Getting started }
description: { zh-CN: 三步了解购物, en: Three steps to shopping with us }
audience: { anonymous_first_visit: true }
steps:
  - id: track
    title: { zh-CN: 查物流, zh-TW: 查物流, en: Track your order }
    body: { zh-CN: "在 **我的订单** 查看<img src=x onerror=alert(1)>", zh-TW: 在 **我的訂單** 查看, en: "Open **My orders**" }
    action: { kind: faq, article: track-order }
  - id: price
    title: { zh-CN: 会员价, zh-TW: 會員價, en: Member price }
    action:
      kind: highlight
      selector: ".shop-member"
      text: { zh-CN: 这里是会员价, en: This is the member price }
  - id: cart
    title: { zh-CN: 加入购物车, zh-TW: 加入購物車, en: Add to cart }
    completes_on: add_to_cart
"##;

pub const STARTER: &str = r##"
id: starter
title: { zh-CN: 会员入门, zh-TW: 會員入門, en: Member starter }
audience: { members_joined_within_days: 30 }
reward_points: 200
steps:
  - id: earn
    title: { zh-CN: 赚积分, zh-TW: 賺積分, en: Earn points }
  - id: redeem
    title: { zh-CN: 兑积分, zh-TW: 兌積分, en: Redeem points }
    completes_on: add_to_cart
"##;

pub const GOLD: &str = r##"
id: gold
title: { zh-CN: 金卡礼遇, zh-TW: 金卡禮遇, en: Gold benefits }
audience: { member_tiers: [gold] }
steps:
  - id: check
    title: { zh-CN: 免费检测, zh-TW: 免費檢測, en: Free checks }
"##;

pub const KIOSK: &str = r##"
id: in-store
title: { zh-CN: 门店服务, zh-TW: 門市服務, en: In store }
audience: { kiosk: true }
steps:
  - id: pickup
    title: { zh-CN: 自提, zh-TW: 自取, en: Pick up }
    completes_on: add_to_cart
"##;

pub const EVERYONE: &str = r##"
id: help
title: { zh-CN: 帮助中心, zh-TW: 幫助中心, en: Help centre }
audience: { everyone: true }
reward_points: 50
steps:
  - id: search
    title: { zh-CN: 搜索, zh-TW: 搜尋, en: Search }
"##;

/// Any of three kinds: a first visit, a Silver member, or a kiosk.
pub const COMBO: &str = r##"
id: combo
title: { zh-CN: 组合, zh-TW: 組合, en: Combo }
audience: { anonymous_first_visit: true, member_tiers: [silver], kiosk: true }
steps:
  - id: one
    title: { zh-CN: 一, zh-TW: 一, en: One }
"##;

/// `(file name, yaml)` in the order the packs are shown.
pub const FILES: [(&str, &str); 6] = [
    ("01-welcome.yaml", WELCOME),
    ("02-starter.yaml", STARTER),
    ("03-gold.yaml", GOLD),
    ("04-kiosk.yaml", KIOSK),
    ("05-help.yaml", EVERYONE),
    ("06-combo.yaml", COMBO),
];

/// `points::options()` (loyalty programme and member tokens) plus the pack files.
pub fn options() -> Options {
    let mut opts = points::options();
    opts.files.extend(
        FILES
            .iter()
            .map(|(name, yaml)| (format!("content/demo/onboarding/{name}"), yaml.to_string())),
    );
    opts
}

pub async fn spawn_onboarding() -> TestApp {
    spawn_with(options()).await
}

/// A device id (32 hex digits) unique to `tag`.
pub fn device(tag: &str) -> String {
    let hex: String = tag.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{hex:0<32}").chars().take(32).collect()
}

/// The ids of the packs in a `GET /packs` answer.
pub fn ids(answer: &Value) -> Vec<String> {
    answer["packs"]
        .as_array()
        .expect("packs")
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_owned())
        .collect()
}

/// The pack `id` of a `GET /packs` answer.
pub fn pack<'a>(answer: &'a Value, id: &str) -> &'a Value {
    answer["packs"]
        .as_array()
        .expect("packs")
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("no pack {id} in {answer}"))
}

impl TestApp {
    /// `GET /packs?{query}`, as a member when `token` is given (asserting 200).
    pub async fn packs(&self, query: &str, token: Option<&str>) -> Value {
        let path = format!("{PACKS}?{query}");
        let mut req = self.client.get(self.url(&path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        assert_eq!(resp.status(), 200, "GET {path}");
        resp.json().await.expect("json")
    }

    /// The pack ids a customer sees.
    pub async fn pack_ids(&self, query: &str, token: Option<&str>) -> Vec<String> {
        ids(&self.packs(query, token).await)
    }

    /// `POST …/complete` with `body`, as a member when `token` is given.
    pub async fn complete_with(
        &self,
        pack: &str,
        step: &str,
        body: &Value,
        token: Option<&str>,
    ) -> reqwest::Response {
        let path = format!("{PACKS}/{pack}/steps/{step}/complete");
        let mut req = self.client.post(self.url(&path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    /// Marks a step done on the embed surface for `device` (or a member); returns the
    /// progress (asserting 200).
    pub async fn complete(
        &self,
        pack: &str,
        step: &str,
        device: Option<&str>,
        token: Option<&str>,
    ) -> Value {
        let body = json!({"device": device, "surface": "embed", "via": "done"});
        let resp = self.complete_with(pack, step, &body, token).await;
        assert_eq!(resp.status(), 200, "complete {pack}/{step}");
        resp.json().await.expect("json")
    }

    /// `POST /events` with `body`; returns the steps completed (asserting 200).
    pub async fn track(&self, body: &Value, token: Option<&str>) -> Vec<(String, String)> {
        let mut req = self
            .client
            .post(self.url("/v1/sites/demo/onboarding/events"))
            .json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.expect("request");
        assert_eq!(resp.status(), 200, "event {body}");
        let v: Value = resp.json().await.expect("json");
        v["completed"]
            .as_array()
            .expect("completed")
            .iter()
            .map(|s| {
                (
                    s["pack"].as_str().expect("pack").to_owned(),
                    s["step"].as_str().expect("step").to_owned(),
                )
            })
            .collect()
    }
}
