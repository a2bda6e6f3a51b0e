//! `patron-server load`: floods a real server process and watches its memory.
//!
//! For each scenario, starts `serve --demo` (this executable, or `--server-bin`) on a fresh
//! SQLite database in a temporary folder, sends `warmup` requests, reads the server's resident
//! memory (`VmRSS` in `/proc/<pid>/status`), sends `requests` more from `concurrency`
//! connections, and reads it again. Prints requests/s, latency percentiles, the answers by
//! status, and the memory before and after. Scenarios:
//!
//! - `flood`: the demo site's public API with a random device id, search query and session
//!   in every request (search, survey eligibility, guides, host events, settings);
//! - `unknown-sites`: the same routes and survey follow-ups for random site names, half of
//!   them valid ids, half 2,000 characters of junk (each one a new key for any table keyed by
//!   the site).
//!
//! All traffic goes to the loopback address the server chose. Arguments after `--` are
//! passed to the server, e.g. `-- --rate-limit-scale 1000` so that requests reach the
//! handlers instead of being refused for their rate.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rand::distributions::{Alphanumeric, DistString};
use rand::Rng;
use serde_json::json;

use super::{ms, percentile_ms, TempDir};
use crate::config::{LoadArgs, LoadScenario};
use crate::storage::new_id;

/// The server under load; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    async fn start(args: &LoadArgs, dir: &TempDir) -> anyhow::Result<Self> {
        let bin = match &args.server_bin {
            Some(bin) => bin.clone(),
            None => std::env::current_exe()?,
        };
        let mut child = Command::new(&bin)
            .arg("serve")
            .arg("--demo")
            .args(["--addr", "127.0.0.1:0"])
            .arg("--database-url")
            .arg(format!("sqlite://{}", dir.0.join("load.db").display()))
            .arg("--content-dir")
            .arg(&args.content_dir)
            .arg("--widget-dir")
            .arg(&args.widget_dir)
            .args(&args.server_args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().context("server stdout")?;
        let mut server = Self {
            child,
            base: String::new(),
        };
        let (found, listening) = tokio::sync::oneshot::channel();
        // Reads stdout to its end: a closed pipe would fail the server's next line.
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("patron-server listening on ") {
                    if let Some(found) = found.take() {
                        let _ = found.send(url.trim_end_matches('/').to_owned());
                    }
                }
            }
        });
        server.base = listening
            .await
            .context("the server stopped before it listened")?;
        Ok(server)
    }

    /// Resident and peak resident memory, in KiB.
    fn memory(&self) -> anyhow::Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .context("reading /proc/<pid>/status (Linux only)")?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
                .with_context(|| format!("{name} in /proc/<pid>/status"))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }
}

/// One request, made up before it is sent.
struct Call {
    post: bool,
    path: String,
    body: Option<serde_json::Value>,
}

fn random_id(rng: &mut impl Rng, len: usize) -> String {
    Alphanumeric.sample_string(rng, len).to_ascii_lowercase()
}

fn random_query(rng: &mut impl Rng) -> String {
    // Latin words and CJK characters, so both analysers see new terms.
    if rng.gen_bool(0.5) {
        let len = rng.gen_range(3..12);
        random_id(rng, len)
    } else {
        (0..rng.gen_range(2..6))
            .map(|_| char::from_u32(rng.gen_range(0x4e00..0x9fa5)).unwrap_or('退'))
            .collect()
    }
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The `i`-th call of `scenario`.
fn call(scenario: LoadScenario, i: usize, rng: &mut impl Rng) -> Call {
    let site = match scenario {
        LoadScenario::Flood => "demo".to_owned(),
        LoadScenario::UnknownSites if i % 2 == 0 => random_id(rng, 24),
        LoadScenario::UnknownSites => random_id(rng, 2_000),
    };
    let device = random_id(rng, 24);
    let get = |path: String| Call {
        post: false,
        path,
        body: None,
    };
    let post = |path: String, body| Call {
        post: true,
        path,
        body: Some(body),
    };
    match i % 5 {
        0 => get(format!(
            "/v1/sites/{site}/faq/search?q={}&locale=en&session=s_{}",
            encode(&random_query(rng)),
            random_id(rng, 16)
        )),
        1 => post(
            format!("/v1/sites/{site}/surveys/eligibility"),
            json!({"device_id": device, "surface": "embed", "locale": "en",
                   "trigger": {"kind": "event", "name": "add_to_cart"}}),
        ),
        2 => get(format!(
            "/v1/sites/{site}/onboarding/packs?locale=en&surface=embed&device={device}"
        )),
        3 if scenario == LoadScenario::UnknownSites => post(
            format!("/v1/sites/{site}/surveys/follow-ups"),
            json!({"idempotency_key": random_id(rng, 24), "comment": random_query(rng),
                   "device_id": device, "surface": "embed"}),
        ),
        3 => post(
            format!("/v1/sites/{site}/onboarding/events"),
            json!({"name": random_id(rng, 10), "device": device, "surface": "embed",
                   "first_visit": true}),
        ),
        _ => get(format!("/v1/sites/{site}/settings")),
    }
}

/// Latencies and answers by status of one run.
#[derive(Default)]
struct Tally {
    times: Vec<Duration>,
    statuses: BTreeMap<u16, usize>,
}

async fn fire(
    client: &reqwest::Client,
    base: &str,
    scenario: LoadScenario,
    n: usize,
    concurrency: usize,
) -> anyhow::Result<Tally> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, base, next) = (client.clone(), base.to_owned(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut tally = Tally::default();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let call = call(scenario, i, &mut rand::thread_rng());
                let url = format!("{base}{}", call.path);
                let request = match (call.post, &call.body) {
                    (true, Some(body)) => client
                        .post(url)
                        .header("content-type", "application/json")
                        .body(serde_json::to_vec(body)?),
                    _ => client.get(url),
                };
                let started = Instant::now();
                // A failed connection is counted (as status 0), not fatal: it is a finding.
                let status = match request.send().await {
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        resp.bytes().await.map_or(0, |_| status)
                    }
                    Err(_) => 0,
                };
                tally.times.push(started.elapsed());
                *tally.statuses.entry(status).or_default() += 1;
            }
            anyhow::Ok(tally)
        }));
    }
    let mut all = Tally::default();
    for task in tasks {
        let tally = task.await??;
        all.times.extend(tally.times);
        for (status, count) in tally.statuses {
            *all.statuses.entry(status).or_default() += count;
        }
    }
    Ok(all)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

async fn scenario(args: &LoadArgs, scenario: LoadScenario, out: &mut String) -> anyhow::Result<()> {
    let dir = TempDir(std::env::temp_dir().join(format!("patron-load-{}", new_id())));
    std::fs::create_dir_all(&dir.0)?;
    let server = Server::start(args, &dir).await?;
    let (at_start, _) = server.memory()?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    fire(
        &client,
        &server.base,
        scenario,
        args.warmup,
        args.concurrency,
    )
    .await?;
    let (before, _) = server.memory()?;
    let started = Instant::now();
    let mut tally = fire(
        &client,
        &server.base,
        scenario,
        args.requests,
        args.concurrency,
    )
    .await?;
    let wall = started.elapsed();
    let (after, peak) = server.memory()?;

    tally.times.sort_unstable();
    let times = &tally.times;
    let pct = |p: f64| percentile_ms(times, p);
    let statuses: Vec<String> = tally
        .statuses
        .iter()
        .map(|(status, count)| match status {
            0 => format!("connection failed × {count}"),
            _ => format!("{status} × {count}"),
        })
        .collect();
    writeln!(
        out,
        "{}: {} requests over {} connections (+{} warm-up)",
        scenario.name(),
        args.requests,
        args.concurrency,
        args.warmup
    )?;
    writeln!(out, "  answers: {}", statuses.join(", "))?;
    writeln!(
        out,
        "  throughput: {:.0} requests/s ({:.1} s); latency ms: p50 {:.2}  p99 {:.2}  max {:.2}",
        args.requests as f64 / wall.as_secs_f64(),
        wall.as_secs_f64(),
        pct(0.50),
        pct(0.99),
        times.last().map_or(0.0, |d| ms(*d))
    )?;
    writeln!(
        out,
        "  server RSS: {:.1} MiB at start, {:.1} MiB after the warm-up, {:.1} MiB after the run \
         ({:+.1} MiB; peak {:.1} MiB)",
        mib(at_start),
        mib(before),
        mib(after),
        mib(after) - mib(before),
        mib(peak)
    )?;
    Ok(())
}

pub async fn run(args: &LoadArgs) -> anyhow::Result<String> {
    anyhow::ensure!(args.requests > 0 && args.concurrency > 0, "nothing to do");
    let bin = args.server_bin.clone().map_or_else(
        || "this executable".to_owned(),
        |b: PathBuf| b.display().to_string(),
    );
    let mut out = String::new();
    writeln!(
        out,
        "server: {bin} ({} build of the load command) serve --demo {}",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        args.server_args.join(" ")
    )?;
    let scenarios = match args.scenario {
        Some(one) => vec![one],
        None => vec![LoadScenario::Flood, LoadScenario::UnknownSites],
    };
    for one in scenarios {
        scenario(args, one, &mut out).await?;
    }
    Ok(out)
}
