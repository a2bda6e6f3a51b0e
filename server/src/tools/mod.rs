//! Commands beside `serve`: measuring (search relevance and speed, survey throughput, the
//! widget's size), content import, starting a new site (`sites`), and privacy erasures and
//! exports. They may use any feature; nothing that serves requests uses them.

pub mod console_bench;
pub mod faq_baseline;
pub mod faq_bench;
pub mod faq_eval;
pub mod faq_replay;
pub mod load;
pub mod points;
pub mod privacy;
pub mod sites;
pub mod size_report;
pub mod surveys_bench;
pub mod users;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use patron_api::validate;

use crate::config::{
    ConsoleCommand, FaqCommand, LoadArgs, SitesCommand, SizeReportArgs, SurveysCommand,
};
use crate::{faq, storage, telemetry, LogFormat};

/// Milliseconds, for reports.
pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p` quantile (0 to 1, nearest rank) of latencies sorted ascending, in milliseconds.
pub(crate) fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    ms(sorted[i])
}

/// A scratch folder, removed when dropped.
pub(crate) struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `patron-server faq …`; reports go to stdout.
pub async fn faq(command: FaqCommand) -> anyhow::Result<ExitCode> {
    telemetry::init(LogFormat::Text);
    match command {
        FaqCommand::Import(args) => {
            validate::site_id(&args.site)
                .map_err(|v| anyhow::anyhow!("--site {:?}: {}", args.site, v.message))?;
            anyhow::ensure!(
                args.dir.is_dir(),
                "{} is not a directory",
                args.dir.display()
            );
            let pool = storage::connect(&args.database_url).await?;
            if storage::find_site(&pool, &args.site).await?.is_none() {
                eprintln!(
                    "note: site {:?} is not configured yet; its articles are stored anyway",
                    args.site
                );
            }
            let report = faq::import::import_dir(&pool, &args.site, &args.dir).await?;
            pool.close().await;
            print!("{report}");
            Ok(if report.rejected.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        FaqCommand::Eval(args) => {
            let report = tokio::task::spawn_blocking(move || {
                faq_eval::run(&args.content, &args.queries, args.synonyms.as_deref())
            })
            .await??;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        FaqCommand::Bench(args) => {
            let report = tokio::task::spawn_blocking(move || {
                faq_bench::run(&faq_bench::BenchArgs {
                    content: &args.content,
                    articles: args.articles,
                    queries: args.queries,
                    query_files: &args.query_files,
                    seed: args.seed,
                })
            })
            .await??;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `patron-server surveys …`; reports go to stdout.
pub async fn surveys(command: SurveysCommand) -> anyhow::Result<ExitCode> {
    // No request logs unless RUST_LOG asks: the bench measures the server, not the terminal
    // it would print to.
    if std::env::var_os("RUST_LOG").is_some() {
        telemetry::init(LogFormat::Text);
    }
    match command {
        SurveysCommand::Bench(args) => {
            let report = surveys_bench::run(&surveys_bench::BenchArgs {
                requests: args.requests,
                concurrency: args.concurrency,
                warmup: args.warmup,
            })
            .await?;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `patron-server console …`; reports go to stdout.
pub async fn console(command: ConsoleCommand) -> anyhow::Result<ExitCode> {
    // No request logs unless RUST_LOG asks (as for `surveys bench`).
    if std::env::var_os("RUST_LOG").is_some() {
        telemetry::init(LogFormat::Text);
    }
    print!("{}", console_bench::run(command).await?);
    Ok(ExitCode::SUCCESS)
}

/// `patron-server sites …`.
pub fn sites(command: SitesCommand) -> anyhow::Result<ExitCode> {
    match command {
        SitesCommand::New(args) => {
            let made = sites::create(&args.content_dir, &args.site)?;
            print!("{}", sites::report(&args.site, &made));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `patron-server load`; the report goes to stdout.
pub async fn load(args: LoadArgs) -> anyhow::Result<ExitCode> {
    print!("{}", load::run(&args).await?);
    Ok(ExitCode::SUCCESS)
}

/// `patron-server size-report`: prints the report; an exceeded budget is an error.
pub fn size_report(args: &SizeReportArgs) -> anyhow::Result<ExitCode> {
    let report = size_report::run(&args.widget_dir, &args.budget)?;
    print!("{report}");
    let exceeded: Vec<String> = report
        .exceeded()
        .iter()
        .map(|c| format!("{} {} > {}", c.key, c.actual, c.limit))
        .collect();
    if !exceeded.is_empty() {
        anyhow::bail!("size budget exceeded: {}", exceeded.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}
