//! `patron-server surveys bench`: recording responses over real HTTP against SQLite.
//!
//! Starts the server on a fresh SQLite database in a temporary folder with a generated site
//! (one NPS and one CSAT survey, a detractor webhook pointing at a receiver inside this
//! process on 127.0.0.1), fires `requests` response POSTs from `concurrency` connections,
//! and prints throughput and latency percentiles. Every request must be answered 201, and the
//! stored row count must equal the request count, or the bench fails.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::http::StatusCode;
use axum::routing::post;
use clap::Parser;
use sqlx::AnyPool;

use super::{ms, percentile_ms, TempDir};
use crate::config::{Cli, Command};
use crate::storage::new_id;
use crate::Application;

pub struct BenchArgs {
    pub requests: usize,
    pub concurrency: usize,
    pub warmup: usize,
}

const SITE_YAML: &str = r##"
name: { en: Bench }
brand: { primary: "#a4262c", on_primary: "#ffffff" }
modules: [survey]
locales: [zh-CN, en]
default_locale: zh-CN
allowed_origins: []
"##;

fn surveys_yaml(hook: &str) -> String {
    format!(
        r#"
cooldown_hours: 72
webhook: {{ url: "{hook}", secret_file: webhook-secret }}
surveys:
  - id: nps-bench
    kind: nps
    question: {{ zh-CN: 您有多大可能推荐我们?, en: How likely are you to recommend us? }}
    labels: {{ 0: {{ zh-CN: 完全不可能 }}, 10: {{ zh-CN: 极有可能 }} }}
    follow_up: {{ detractor: {{ zh-CN: 哪里可以做得更好? }} }}
    thank_you: {{ zh-CN: 谢谢! }}
    triggers: [{{ event: order_completed }}]
  - id: csat-bench
    kind: csat
    question: {{ zh-CN: 您满意吗? }}
    labels:
      1: {{ zh-CN: 非常不满意 }}
      2: {{ zh-CN: 不满意 }}
      3: {{ zh-CN: 一般 }}
      4: {{ zh-CN: 满意 }}
      5: {{ zh-CN: 非常满意 }}
    thank_you: {{ zh-CN: 谢谢! }}
    triggers: [{{ event: order_completed }}]
"#
    )
}

/// 2 in 10 NPS answers and 1 in 10 CSAT answers are detractors (alerts queued).
const NPS_SCORES: [i32; 10] = [10, 9, 9, 8, 7, 10, 9, 6, 3, 10];
const CSAT_SCORES: [i32; 10] = [5, 4, 4, 5, 3, 4, 5, 2, 5, 4];

fn body(run: &str, i: usize) -> serde_json::Value {
    let (survey, kind, score) = if i % 2 == 0 {
        ("nps-bench", "nps", NPS_SCORES[(i / 2) % 10])
    } else {
        ("csat-bench", "csat", CSAT_SCORES[(i / 2) % 10])
    };
    serde_json::json!({
        "idempotency_key": format!("{run}-{i:08}"),
        "survey_id": survey,
        "kind": kind,
        "score": score,
        "device_id": format!("device-{:012}", i % 5000),
        "surface": "embed",
        "locale": "zh-CN",
        "trigger": {"kind": "event", "name": "order_completed"},
        "context": {"order": format!("SO-{i}")},
    })
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

pub async fn run(args: &BenchArgs) -> anyhow::Result<String> {
    anyhow::ensure!(args.requests > 0 && args.concurrency > 0, "nothing to do");
    let dir = TempDir(std::env::temp_dir().join(format!("patron-surveys-bench-{}", new_id())));

    // The detractor webhook receiver: accepts everything.
    let hooks = Arc::new(AtomicUsize::new(0));
    let counter = hooks.clone();
    let receiver = axum::Router::new().route(
        "/hook",
        post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::Relaxed);
                StatusCode::NO_CONTENT
            }
        }),
    );
    let hook_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let hook_url = format!("http://{}/hook", hook_listener.local_addr()?);
    tokio::spawn(async move { axum::serve(hook_listener, receiver).await });

    let content = dir.0.join("content");
    write(&content.join("bench/site.yaml"), SITE_YAML)?;
    write(
        &content.join("bench/surveys.yaml"),
        &surveys_yaml(&hook_url),
    )?;
    write(&content.join("bench/webhook-secret"), "bench-secret")?;
    let db = dir.0.join("bench.db");
    let cli = Cli::try_parse_from([
        "patron-server".to_owned(),
        "--addr".to_owned(),
        "127.0.0.1:0".to_owned(),
        "--database-url".to_owned(),
        format!("sqlite://{}", db.display()),
        "--content-dir".to_owned(),
        content.display().to_string(),
        "--widget-dir".to_owned(),
        dir.0.join("dist").display().to_string(),
    ])?;
    let Command::Serve(config) = cli.into_command() else {
        anyhow::bail!("expected serve");
    };
    let app = Application::build(config).await?;
    let url = format!(
        "http://{}/v1/sites/bench/surveys/responses",
        app.local_addr()
    );
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let warm_run = format!("w{}", &new_id()[..15]);
    fire(&client, &url, &warm_run, args.warmup, args.concurrency).await?;

    let run_id = format!("b{}", &new_id()[..15]);
    let started = Instant::now();
    let mut times = fire(&client, &url, &run_id, args.requests, args.concurrency).await?;
    let wall = started.elapsed();

    // Every answer must be stored exactly once.
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect(&format!("sqlite://{}", db.display())).await?;
    let (stored,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM survey_responses WHERE idempotency_key LIKE $1")
            .bind(format!("{run_id}-%"))
            .fetch_one(&pool)
            .await?;
    anyhow::ensure!(
        stored == i64::try_from(args.requests)?,
        "stored {stored} responses for {} requests",
        args.requests
    );
    let (alerts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM webhook_deliveries")
        .fetch_one(&pool)
        .await?;
    // Give the worker a moment to drain the alerts before counting deliveries.
    for _ in 0..50 {
        if hooks.load(Ordering::Relaxed) as i64 >= alerts {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    pool.close().await;

    times.sort_unstable();
    let pct = |p: f64| percentile_ms(&times, p);
    let mut out = String::new();
    writeln!(
        out,
        "responses: {} over {} connections (+{} warm-up), SQLite {}",
        args.requests,
        args.concurrency,
        args.warmup,
        db.display()
    )?;
    writeln!(
        out,
        "throughput: {:.0} responses/s ({:.2} s)",
        args.requests as f64 / wall.as_secs_f64(),
        wall.as_secs_f64()
    )?;
    writeln!(
        out,
        "latency ms: p50 {:.2}  p95 {:.2}  p99 {:.2}  max {:.2}",
        pct(0.50),
        pct(0.95),
        pct(0.99),
        times.last().map_or(0.0, |d| ms(*d))
    )?;
    writeln!(
        out,
        "stored: {stored} rows; detractor alerts queued {alerts}, delivered {}",
        hooks.load(Ordering::Relaxed)
    )?;
    Ok(out)
}

/// Sends `n` responses from `concurrency` tasks; returns each request's latency.
async fn fire(
    client: &reqwest::Client,
    url: &str,
    run: &str,
    n: usize,
    concurrency: usize,
) -> anyhow::Result<Vec<Duration>> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, url, run, next) =
            (client.clone(), url.to_owned(), run.to_owned(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let payload = serde_json::to_vec(&body(&run, i))?;
                let t = Instant::now();
                let resp = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .body(payload)
                    .send()
                    .await?;
                let status = resp.status();
                let _ = resp.bytes().await?;
                times.push(t.elapsed());
                anyhow::ensure!(status == StatusCode::CREATED, "request {i}: HTTP {status}");
            }
            anyhow::Ok(times)
        }));
    }
    let mut all = Vec::with_capacity(n);
    for t in tasks {
        all.extend(t.await??);
    }
    Ok(all)
}
