use std::process::ExitCode;

use clap::Parser;
use patron_server::{telemetry, tools, Application, Cli, Command};

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
            if let Some((url, site, email, password)) = app.demo_console() {
                println!(
                    "patron-server demo console at {url} (site {site}, email {email}, password {password})"
                );
            }
            app.run_until_stopped().await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::SizeReport(args) => tools::size_report(&args),
        Command::Faq(command) => tools::faq(command).await,
        Command::Surveys(command) => tools::surveys(command).await,
        Command::Sites(command) => tools::sites(command),
        Command::Privacy(command) => tools::privacy::run(command).await,
        Command::Points(command) => tools::points::run(command).await,
        Command::Load(args) => tools::load(args).await,
        Command::Users(command) => tools::users::run(command).await,
        Command::Console(command) => tools::console(command).await,
    }
}
