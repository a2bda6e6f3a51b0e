//! `patron-server points codes --site S --reward R FILE`: adds a file of coupon codes to a
//! pool coupon's pool on the database directly, and prints the pool as JSON (a warning on
//! stderr when it is running low).

use std::process::ExitCode;

use patron_api::points::coupons::{self, CodesUpload};

use crate::config::{CodesArgs, PointsCommand};
use crate::points::{coupon_admin, coupons as pools, storage as points_storage};
use crate::storage;

pub async fn run(command: PointsCommand) -> anyhow::Result<ExitCode> {
    let PointsCommand::Codes(args) = command;
    codes(&args).await
}

async fn codes(args: &CodesArgs) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    let upload = CodesUpload {
        codes: text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    for (n, line) in upload.codes.iter().enumerate() {
        coupons::code(line).map_err(|v| anyhow::anyhow!("code {}: {}", n + 1, v.message))?;
    }
    anyhow::ensure!(
        !upload.codes.is_empty(),
        "{}: no codes",
        args.file.display()
    );
    let pool = storage::connect(&args.database.database_url).await?;
    let rules = points_storage::rules(&pool, &args.site)
        .await?
        .ok_or_else(|| anyhow::anyhow!("site {:?} has no points programme here", args.site))?;
    let reward = coupon_admin::pool_reward(&rules, &args.reward)
        .map_err(|e| anyhow::anyhow!("--reward {:?}: {e:?}", args.reward))?;
    let now = storage::now_millis();
    let mut added = 0;
    for chunk in upload.codes.chunks(coupons::UPLOAD_MAX_CODES) {
        added += pools::add_codes(&pool, &args.site, &reward.id, chunk, now).await?;
    }
    let mut conn = pool.acquire().await?;
    let state = pools::pool_state(&mut conn, &args.site, reward).await?;
    drop(conn);
    pool.close().await;
    if state.low {
        eprintln!(
            "warning: the pool of {} is running low: {} codes left (low below {})",
            reward.id, state.available, state.low_at
        );
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({"added": added, "pool": state}))?
    );
    Ok(ExitCode::SUCCESS)
}
