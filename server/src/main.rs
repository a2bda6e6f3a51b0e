use std::process::ExitCode;

use clap::Parser;
use patron_server::{faq, size_report, surveys, telemetry, Application, Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    // Errors are printed plainly (no backtrace dump): they are meant for the operator.
    match run(Cli::parse().into_command()).await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("patron-server: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<ExitCode> {
    match command {
        Command::Serve(config) => {
            telemetry::init(config.log_format);
            let app = Application::build(config).await?;
            // Test harnesses and scripts parse these lines; keep their wording stable.
            println!("patron-server listening on http://{}", app.local_addr());
            if let Some(url) = app.demo_url() {
                println!("patron-server demo shop at {url}");
            }
            app.run_until_stopped().await?;
        }
        Command::SizeReport(args) => {
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
        }
        Command::Faq(command) => {
            telemetry::init(patron_server::LogFormat::Text);
            return faq::cli::run(command).await;
        }
        Command::Surveys(command) => {
            // No request logs unless RUST_LOG asks: the bench measures the server, not the
            // terminal it would print to.
            if std::env::var_os("RUST_LOG").is_some() {
                telemetry::init(patron_server::LogFormat::Text);
            }
            return surveys::cli::run(command).await;
        }
    }
    Ok(ExitCode::SUCCESS)
}
