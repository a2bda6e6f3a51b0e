//! `patron-server console bench`: the console overview's latency over real HTTP against a big
//! database (a benchmark, not a test).
//!
//! Seeds a fresh database — SQLite in a temporary folder, or, with `--database-url` (or
//! `DATABASE_URL`) naming a PostgreSQL server, a new database on it, dropped afterwards — with
//! `answers` survey answers, `contacts` contact requests (most of them resolved, each after a
//! search of its session) and as many help sessions that did not ask, spread over `days` days,
//! by multi-row INSERTs straight into the tables. Then starts the server on it, signs in once
//! and times `requests` overview requests (7, 30 and 90 days and a custom half-year in turn)
//! from `concurrency` connections, and prints p50/p95/max and requests/s.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use sqlx::{AnyPool, Connection};

use super::{ms, percentile_ms, TempDir};
use crate::config::{Cli, Command, ConsoleBenchArgs, ConsoleCommand};
use crate::storage::{self, new_id, now_millis};
use crate::Application;

const SITE: &str = "bench";
const EMAIL: &str = "bench@example.com";
const PASSWORD: &str = "bench password 0123";
const SITE_YAML: &str = r##"
name: { en: Bench }
brand: { primary: "#a4262c", on_primary: "#ffffff" }
modules: [faq, survey]
locales: [zh-CN, en]
default_locale: zh-CN
allowed_origins: []
time_zone: Asia/Shanghai
"##;
const DAY_MS: i64 = 86_400_000;
/// Rows per INSERT: under SQLite's and PostgreSQL's limits on bound parameters.
const BATCH_ROWS: usize = 400;

/// A small deterministic generator (xorshift64*): the same data on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// One bound value of a seeded row.
enum Cell {
    Text(String),
    Int(i64),
    Null,
}

/// Inserts `rows` into `table (columns)`, `BATCH_ROWS` to a statement, in one transaction.
async fn insert(
    pool: &AnyPool,
    table: &str,
    columns: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let mut batch: Vec<Vec<Cell>> = Vec::with_capacity(BATCH_ROWS);
    let mut rows = rows.peekable();
    while rows.peek().is_some() {
        batch.clear();
        batch.extend(rows.by_ref().take(BATCH_ROWS));
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in batch.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                write!(sql, "${n}")?;
            }
            sql.push(')');
        }
        let mut query = sqlx::query(&sql);
        for row in batch.drain(..) {
            for cell in row {
                query = match cell {
                    Cell::Text(s) => query.bind(s),
                    Cell::Int(i) => query.bind(i),
                    Cell::Null => query.bind(None::<String>),
                };
            }
        }
        query
            .execute(&mut *tx)
            .await
            .with_context(|| format!("seeding {table}"))?;
    }
    tx.commit().await?;
    Ok(())
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// Seeds the site's answers, contacts, resolutions and help sessions.
async fn seed(pool: &AnyPool, args: &ConsoleBenchArgs, now: i64) -> anyhow::Result<()> {
    let span = (args.days * DAY_MS) as u64;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let surfaces = ["embed", "embed", "embed", "page", "kiosk"];
    let locales = ["zh-CN", "zh-CN", "en", "zh-TW"];
    let tiers = ["member", "member", "silver", "gold"];
    let answers: Vec<Vec<Cell>> = (0..args.answers)
        .map(|i| {
            let nps = i % 3 != 0;
            let (survey, kind, score) = if nps {
                ("nps-bench", "nps", rng.below(11) as i64)
            } else {
                ("csat-bench", "csat", 1 + rng.below(5) as i64)
            };
            let band = match (nps, score) {
                (true, 0..=6) | (false, 1..=2) => "detractor",
                (true, 7..=8) | (false, 3) => "passive",
                _ => "promoter",
            };
            let member = rng.below(3) == 0;
            let at = now - 1 - rng.below(span) as i64;
            vec![
                text(SITE),
                text(format!("bench-{i:09}")),
                text(new_id()),
                text("0"),
                text(survey),
                text(kind),
                Cell::Int(score),
                text(band),
                text(format!("d:device-{:08}", i % 40_000)),
                if member {
                    text(format!("member-{:06}", i % 20_000))
                } else {
                    Cell::Null
                },
                text(rng.pick(&surfaces)),
                text(rng.pick(&locales)),
                text("event:order_completed"),
                text("{}"),
                text("{}"),
                Cell::Int(at),
                if member {
                    text(rng.pick(&tiers))
                } else {
                    Cell::Null
                },
            ]
        })
        .collect();
    insert(
        pool,
        "survey_responses",
        &[
            "site",
            "idempotency_key",
            "id",
            "request_sha256",
            "survey_id",
            "kind",
            "score",
            "band",
            "subject",
            "member_id",
            "surface",
            "locale",
            "touchpoint",
            "context",
            "receipt",
            "created_at",
            "member_tier",
        ],
        answers.into_iter(),
    )
    .await?;

    // Contacts, each after a search of its session; 8 in 10 resolved a day later, 7 in 10 of
    // those on first contact. As many sessions again only searched (they helped themselves).
    let mut contacts = Vec::with_capacity(args.contacts);
    let mut states = Vec::new();
    let mut searches = Vec::with_capacity(args.contacts * 2);
    for i in 0..args.contacts {
        let at = now - 1 - rng.below(span) as i64;
        let (id, session) = (new_id(), format!("session-{i:010}"));
        searches.push(search_row(&session, at - 60_000, &mut rng));
        contacts.push(vec![
            text(id.as_str()),
            text(SITE),
            text(format!("PT-{i:08}")),
            text(session.as_str()),
            text(rng.pick(&locales)),
            text("Bench"),
            text("Where is my order?"),
            Cell::Int(at),
        ]);
        if rng.below(10) < 8 {
            let resolved = (at + DAY_MS).min(now - 1);
            states.push(vec![
                text(id),
                text(SITE),
                text("resolved"),
                Cell::Int(i64::from(rng.below(10) < 7)),
                Cell::Int(resolved),
                Cell::Int(resolved),
            ]);
        }
        let other = format!("self-{i:010}");
        searches.push(search_row(
            &other,
            now - 1 - rng.below(span) as i64,
            &mut rng,
        ));
    }
    insert(
        pool,
        "contact_requests",
        &[
            "id",
            "site",
            "reference",
            "session",
            "locale",
            "name",
            "message",
            "created_at",
        ],
        contacts.into_iter(),
    )
    .await?;
    insert(
        pool,
        "contact_state",
        &[
            "contact_id",
            "site",
            "status",
            "resolved_first_contact",
            "resolved_at",
            "updated_at",
        ],
        states.into_iter(),
    )
    .await?;
    insert(
        pool,
        "faq_searches",
        &[
            "id",
            "site",
            "query",
            "query_norm",
            "locale",
            "result_count",
            "session",
            "created_at",
        ],
        searches.into_iter(),
    )
    .await?;
    // Help sessions, as the searches and requests above would have written them.
    sqlx::query(
        "INSERT INTO faq_help_sessions (site, session, first_at) \
         SELECT site, session, MIN(created_at) FROM faq_searches WHERE site = $1 \
         GROUP BY site, session",
    )
    .bind(SITE)
    .execute(pool)
    .await?;
    sqlx::query(
        "UPDATE faq_help_sessions SET contacted_at = (SELECT MIN(c.created_at) \
         FROM contact_requests c WHERE c.site = faq_help_sessions.site \
         AND c.session = faq_help_sessions.session) WHERE site = $1",
    )
    .bind(SITE)
    .execute(pool)
    .await?;
    Ok(())
}

fn search_row(session: &str, at: i64, rng: &mut Rng) -> Vec<Cell> {
    let query = rng.pick(&["退货", "refund", "发票", "delivery time", "xyzzy"]);
    vec![
        text(new_id()),
        text(SITE),
        text(query),
        text(query),
        text("zh-CN"),
        Cell::Int(if query == "xyzzy" { 0 } else { 3 }),
        text(session),
        Cell::Int(at),
    ]
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// The bench's database: a file in `dir`, or a new database on the PostgreSQL server of
/// `server` (its URL, and the statement that drops it).
async fn fresh_database(
    dir: &Path,
    server: Option<&str>,
) -> anyhow::Result<(String, Option<(String, String)>)> {
    let Some(url) = server.filter(|u| u.starts_with("postgres")) else {
        return Ok((format!("sqlite://{}", dir.join("bench.db").display()), None));
    };
    let name = format!("patron_bench_{}", &new_id()[..12].to_ascii_lowercase());
    // `postgres://user@host:port/db` or `postgres://user@host:port`.
    let (scheme, rest) = url.split_once("://").context("a postgres:// URL")?;
    let server = rest.split(['/', '?']).next().unwrap_or(rest);
    let base = format!("{scheme}://{server}");
    let mut admin = sqlx::PgConnection::connect(url).await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    Ok((
        format!("{base}/{name}"),
        Some((
            url.to_owned(),
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )),
    ))
}

pub async fn run(command: ConsoleCommand) -> anyhow::Result<String> {
    let ConsoleCommand::Bench(args) = command;
    anyhow::ensure!(args.requests > 0 && args.concurrency > 0, "nothing to do");
    let dir = TempDir(std::env::temp_dir().join(format!("patron-console-bench-{}", new_id())));
    std::fs::create_dir_all(&dir.0)?;
    let (database_url, drop) = fresh_database(&dir.0, args.database_url.as_deref()).await?;
    let result = bench(&args, &dir.0, &database_url).await;
    if let Some((server, statement)) = drop {
        let mut admin = sqlx::PgConnection::connect(&server).await?;
        sqlx::query(&statement).execute(&mut admin).await?;
        admin.close().await?;
    }
    result
}

async fn bench(args: &ConsoleBenchArgs, dir: &Path, database_url: &str) -> anyhow::Result<String> {
    let content = dir.join("content");
    write(&content.join(SITE).join("site.yaml"), SITE_YAML)?;
    let now = now_millis();

    // Migrate and seed before the server starts, then let each database plan with fresh
    // statistics (PostgreSQL's autovacuum would do the same a little later).
    let seed_started = Instant::now();
    let pool = storage::connect(database_url).await?;
    seed(&pool, args, now).await?;
    let postgres = database_url.starts_with("postgres");
    sqlx::query(if postgres {
        "VACUUM ANALYZE"
    } else {
        "ANALYZE"
    })
    .execute(&pool)
    .await?;
    if postgres {
        // A second pass marks the answers' pages all-visible, which the first (measured:
        // 0 of 5,072 pages) did not; until then every index-only count reads the table too.
        sqlx::query("VACUUM survey_responses")
            .execute(&pool)
            .await?;
    }
    let hash = crate::auth::users::hash_password(PASSWORD);
    crate::auth::users::upsert(
        &pool,
        SITE,
        EMAIL,
        patron_api::console::Role::Viewer,
        &hash,
        now,
    )
    .await?;
    pool.close().await;
    let seeded = seed_started.elapsed();

    let cli = Cli::try_parse_from([
        "patron-server".to_owned(),
        "--addr".to_owned(),
        "127.0.0.1:0".to_owned(),
        "--database-url".to_owned(),
        database_url.to_owned(),
        "--content-dir".to_owned(),
        content.display().to_string(),
        "--widget-dir".to_owned(),
        dir.join("dist").display().to_string(),
    ])?;
    let Command::Serve(config) = cli.into_command() else {
        anyhow::bail!("expected serve");
    };
    let app = Application::build(config).await?;
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());

    // One sign-in; every request reuses its cookie (console reads are not rate-limited).
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .build()?;
    let signed_in = client
        .post(format!("{base}/v1/console/session"))
        .header("content-type", "application/json")
        .body(serde_json::to_vec(
            &serde_json::json!({"site": SITE, "email": EMAIL, "password": PASSWORD}),
        )?)
        .send()
        .await?;
    anyhow::ensure!(signed_in.status() == 200, "sign-in: {}", signed_in.status());
    let cookie = signed_in
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .context("no session cookie")?
        .to_owned();

    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::get("Asia/Shanghai")?)
        .date();
    let half_year = format!(
        "period=custom&from={}&to={today}",
        today.checked_sub(jiff::Span::new().days(args.days - 1))?
    );
    let queries = [
        "period=7d".to_owned(),
        "period=30d".to_owned(),
        "period=90d".to_owned(),
        half_year,
    ];
    let urls: Arc<Vec<String>> = Arc::new(
        queries
            .iter()
            .map(|q| format!("{base}/v1/console/sites/{SITE}/overview?{q}"))
            .collect(),
    );
    fire(&client, &cookie, &urls, args.warmup, args.concurrency).await?;
    let started = Instant::now();
    let mut times = fire(&client, &cookie, &urls, args.requests, args.concurrency).await?;
    let wall = started.elapsed();

    // The figures must be the seeded ones.
    let body = client
        .get(&urls[3])
        .header("cookie", &cookie)
        .send()
        .await?
        .bytes()
        .await?;
    let check: serde_json::Value = serde_json::from_slice(&body)?;
    let answers = check["volumes"]["answers"]["value"].as_i64().unwrap_or(-1);
    let contacts = check["volumes"]["contacts"]["value"].as_i64().unwrap_or(-1);

    times.sort_unstable();
    let pct = |p: f64| percentile_ms(&times, p);
    let mut out = String::new();
    writeln!(
        out,
        "seeded: {} answers, {} contacts over {} days on {} in {:.1} s",
        args.answers,
        args.contacts,
        args.days,
        if postgres { "PostgreSQL" } else { "SQLite" },
        seeded.as_secs_f64()
    )?;
    writeln!(
        out,
        "overview: {} requests (7d, 30d, 90d, {}-day custom in turn) over {} connection(s), +{} warm-up",
        args.requests, args.days, args.concurrency, args.warmup
    )?;
    writeln!(
        out,
        "latency: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        pct(0.5),
        pct(0.95),
        times.last().map(|d| ms(*d)).unwrap_or_default()
    )?;
    writeln!(
        out,
        "throughput: {:.1} requests/s ({:.2} s)",
        args.requests as f64 / wall.as_secs_f64(),
        wall.as_secs_f64()
    )?;
    writeln!(
        out,
        "check: the {}-day period counts {answers} answers and {contacts} contacts",
        args.days
    )?;
    Ok(out)
}

/// Sends `n` requests to `urls` in turn from `concurrency` tasks; every one must answer 200.
async fn fire(
    client: &reqwest::Client,
    cookie: &str,
    urls: &Arc<Vec<String>>,
    n: usize,
    concurrency: usize,
) -> anyhow::Result<Vec<Duration>> {
    let next = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, cookie, urls, next) = (
            client.clone(),
            cookie.to_owned(),
            urls.clone(),
            next.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                let started = Instant::now();
                let resp = client
                    .get(&urls[i % urls.len()])
                    .header("cookie", &cookie)
                    .send()
                    .await?;
                let status = resp.status();
                let _ = resp.bytes().await?;
                times.push(started.elapsed());
                anyhow::ensure!(status == 200, "request {i}: HTTP {status}");
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
