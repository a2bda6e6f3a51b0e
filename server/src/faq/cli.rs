//! `patron-server faq …` subcommands.

use std::process::ExitCode;

use patron_api::validate;

use super::{bench, eval, import};
use crate::config::FaqCommand;
use crate::storage;

/// Runs one `faq` subcommand; reports go to stdout.
pub async fn run(command: FaqCommand) -> anyhow::Result<ExitCode> {
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
            let report = import::import_dir(&pool, &args.site, &args.dir).await?;
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
                eval::run(&args.content, &args.queries, args.synonyms.as_deref())
            })
            .await??;
            print!("{report}");
            Ok(ExitCode::SUCCESS)
        }
        FaqCommand::Bench(args) => {
            let report = tokio::task::spawn_blocking(move || {
                bench::run(&bench::BenchArgs {
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
