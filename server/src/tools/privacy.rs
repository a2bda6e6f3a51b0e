//! `patron-server privacy erase|export --site S [--member M] [--device D]`: the command-line
//! twins of `POST /v1/admin/sites/{site}/privacy/erasures` and `GET …/privacy/exports`, on
//! the database directly (for an operator without an admin key at hand, or a script). They
//! print JSON to stdout: the erasure's receipt, or the export.

use std::process::ExitCode;

use patron_api::privacy::ErasureRequest;
use patron_api::validate;

use crate::config::{PrivacyArgs, PrivacyCommand};
use crate::ports::Person;
use crate::privacy::{self, Via};
use crate::{app, storage};

pub async fn run(command: PrivacyCommand) -> anyhow::Result<ExitCode> {
    let (args, erase) = match command {
        PrivacyCommand::Erase(args) => (args, true),
        PrivacyCommand::Export(args) => (args, false),
    };
    let person = person(&args)?;
    let pool = storage::connect(&args.database_url).await?;
    anyhow::ensure!(
        storage::site_status(&pool, &args.site).await? != storage::SiteStatus::Unknown,
        "no site {:?} in this database",
        args.site
    );
    let holders = app::personal_data();
    let json = if erase {
        let receipt = privacy::erase(&pool, &holders, &args.site, &person, Via::Cli)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        serde_json::to_string_pretty(&receipt)?
    } else {
        let export = privacy::export(&pool, &holders, &args.site, &person)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        serde_json::to_string_pretty(&export)?
    };
    pool.close().await;
    println!("{json}");
    Ok(ExitCode::SUCCESS)
}

fn person(args: &PrivacyArgs) -> anyhow::Result<Person> {
    validate::site_id(&args.site)
        .map_err(|v| anyhow::anyhow!("--site {:?}: {}", args.site, v.message))?;
    let who = ErasureRequest {
        member: args.member.clone(),
        device: args.device.clone(),
    };
    if let Err(errs) = who.validate() {
        let text: Vec<String> = errs
            .0
            .iter()
            .map(|e| format!("--{}: {}", e.field, e.message))
            .collect();
        anyhow::bail!("{}", text.join("; "));
    }
    Ok(Person {
        member: who.member,
        device: who.device,
    })
}
