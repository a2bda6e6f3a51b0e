//! Demo mode's generated history: 90 days of answers, contacts, searches, reads, votes, guide
//! progress and redemptions on the demo site, so every console screen has something to show.
//! Each feature writes its own part through its own storage (`ports::DemoHistory`, wired in
//! `app`); this module holds what they share: the marking of every row (ids start
//! `demo-seed-`), the length of the history, a seeded random number generator (the same
//! history at every start) and the shape of a day (quiet weekends, busy evenings, a slow
//! growth towards today).
//!
//! A feature seeds only when none of its rows on the site carry the mark yet, so a restart
//! never doubles the history.

use std::sync::Arc;
use std::time::Instant;

use sqlx::AnyPool;

use crate::error::AppError;
use crate::ports::DemoHistory;
use crate::storage::{DAY_MS, HOUR_MS};

/// Every generated row's id (or reference, session, member) starts with this.
pub const MARK: &str = "demo-seed-";
/// How far back the history goes.
pub const DAYS: i64 = 90;

/// `demo-seed-<what>-<n>`.
pub fn id(what: &str, n: usize) -> String {
    format!("{MARK}{what}-{n:05}")
}

/// SQL `LIKE` pattern matching every marked id.
pub const MARK_LIKE: &str = "demo-seed-%";

/// SplitMix64: small, fast and the same on every machine, which is all a demo needs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one feature's part (`salt` keeps the parts independent).
    pub fn new(salt: &str) -> Self {
        let seed = salt.bytes().fold(0x9E37_79B9_7F4A_7C15_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
        });
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index of `weights`, each chosen in proportion to its weight.
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.below(total.max(1) as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        weights.len().saturating_sub(1)
    }
}

/// How many events the day `days_ago` before `now` has, for a feature that sees about `base`
/// on a weekday: weekends (UTC) are quieter, and the shop grew by a third over the 90 days.
pub fn per_day(base: u32, now: i64, days_ago: i64, rng: &mut Rng) -> usize {
    // 1970-01-01 was a Thursday: day 0 of the epoch is weekday 4 (Sunday 0).
    let weekday = ((now - days_ago * DAY_MS).div_euclid(DAY_MS) + 4).rem_euclid(7);
    let weekend = weekday == 0 || weekday == 6;
    let growth = 0.75 + 0.25 * (DAYS - days_ago) as f64 / DAYS as f64;
    let mean = f64::from(base) * growth * if weekend { 0.6 } else { 1.0 };
    // ±30% from day to day.
    let jitter = 0.7 + 0.6 * (rng.below(1000) as f64 / 1000.0);
    (mean * jitter).round() as usize
}

/// A moment on the day `days_ago` (1 to `DAYS`) before `now`: between 9:00 and 24:00,
/// busiest in the evening (the hours are UTC; the shape, not the clock, is the point).
pub fn moment(now: i64, days_ago: i64, rng: &mut Rng) -> i64 {
    // Weights of the hours 9:00 … 23:00.
    const HOURS: [u32; 15] = [2, 3, 3, 3, 3, 2, 2, 3, 3, 4, 5, 6, 6, 5, 3];
    let hour = 9 + rng.weighted(&HOURS) as i64;
    let midnight = now - days_ago * DAY_MS - now.rem_euclid(DAY_MS);
    midnight + hour * HOUR_MS + rng.below(HOUR_MS as usize) as i64
}

/// Whether `table` already holds the history's rows for `site`: a row whose `column` is
/// `like` (a LIKE pattern with the mark). `table` and `column` are the caller's constants.
pub async fn already_seeded(
    pool: &AnyPool,
    table: &str,
    column: &str,
    site: &str,
    like: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<(String,)> = sqlx::query_as(&format!(
        "SELECT {column} FROM {table} WHERE site = $1 AND {column} LIKE $2 LIMIT 1"
    ))
    .bind(site)
    .bind(like)
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}

/// Seeds every feature's part on `site`, in turn; logs what each wrote and how long it took.
pub async fn seed(parts: &[Arc<dyn DemoHistory>], site: &str, now: i64) -> Result<(), AppError> {
    let started = Instant::now();
    for part in parts {
        let written = part.seed(site, now).await?;
        tracing::info!(site, part = part.name(), written, "demo history");
    }
    tracing::info!(
        site,
        ms = started.elapsed().as_millis() as u64,
        "demo history seeded"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_salt_gives_the_same_history() {
        let (mut a, mut b) = (Rng::new("surveys"), Rng::new("surveys"));
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new("faq").next_u64(), xs[0]);
    }

    #[test]
    fn weights_are_followed_and_moments_stay_in_their_day() {
        let mut rng = Rng::new("t");
        let mut counts = [0; 3];
        for _ in 0..10_000 {
            counts[rng.weighted(&[7, 2, 1])] += 1;
        }
        assert!(counts[0] > 6_500 && counts[0] < 7_500, "{counts:?}");
        assert!(counts[2] > 700 && counts[2] < 1_300, "{counts:?}");
        let now = 1_800_000_000_000;
        for days_ago in [1, 45, 90] {
            let at = moment(now, days_ago, &mut rng);
            assert!(at < now && at > now - (days_ago + 1) * DAY_MS, "{days_ago}");
        }
    }

    #[test]
    fn weekends_are_quieter_than_weekdays() {
        // Sunday 6 December 2026, noon UTC: 1 day before is Saturday, 3 days before Thursday.
        let sunday = 1_796_558_400_000;
        let mut rng = Rng::new("days");
        let mean = |days_ago: i64, rng: &mut Rng| {
            (0..1_000)
                .map(|_| per_day(100, sunday, days_ago, rng))
                .sum::<usize>()
                / 1_000
        };
        let (saturday, thursday) = (mean(1, &mut rng), mean(3, &mut rng));
        assert!((55..=65).contains(&saturday), "{saturday}");
        assert!((95..=105).contains(&thursday), "{thursday}");
    }
}
