//! `patron-server surveys …` subcommands.

use std::process::ExitCode;

use super::bench;
use crate::config::SurveysCommand;

/// Runs one `surveys` subcommand; reports go to stdout.
pub async fn run(command: SurveysCommand) -> anyhow::Result<ExitCode> {
    match command {
        SurveysCommand::Bench(args) => {
            let report = bench::run(&bench::BenchArgs {
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
