//! A request budget as operators write it (`3000/min burst 600`), in flags and in site.yaml,
//! and as governor's `Quota`.

use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

use governor::Quota;
use serde::Deserialize;

/// `count` requests per `period` on average, up to `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Budget {
    pub count: u32,
    pub period: Period,
    pub burst: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Second,
    Minute,
    Hour,
}

impl Period {
    fn duration(self) -> Duration {
        Duration::from_secs(match self {
            Self::Second => 1,
            Self::Minute => 60,
            Self::Hour => 3600,
        })
    }

    fn unit(self) -> &'static str {
        match self {
            Self::Second => "s",
            Self::Minute => "min",
            Self::Hour => "h",
        }
    }
}

impl Budget {
    /// `count` per minute, `burst` at once.
    pub const fn per_minute(count: u32, burst: u32) -> Self {
        Self {
            count,
            period: Period::Minute,
            burst,
        }
    }

    /// governor's quota, with count and burst multiplied by `scale` (`--rate-limit-scale`).
    pub fn quota(&self, scale: u32) -> Quota {
        let scale = scale.max(1);
        let count = self.count.max(1).saturating_mul(scale);
        let burst =
            NonZeroU32::new(self.burst.max(1).saturating_mul(scale)).unwrap_or(NonZeroU32::MIN);
        // One request's share of the period; at least a nanosecond, so a huge scale stays valid.
        let interval = (self.period.duration() / count).max(Duration::from_nanos(1));
        Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MAX))
            .allow_burst(burst)
    }
}

impl fmt::Display for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} burst {}",
            self.count,
            self.period.unit(),
            self.burst
        )
    }
}

impl FromStr for Budget {
    type Err = String;

    /// `COUNT/s|min|h [burst N]`; without `burst`, `COUNT` may come at once.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!("{s:?}: a budget is COUNT/s, COUNT/min or COUNT/h, optionally followed by `burst N` (e.g. `3000/min burst 600`)")
        };
        let mut words = s.split_whitespace();
        let (count, unit) = words
            .next()
            .and_then(|w| w.split_once('/'))
            .ok_or_else(bad)?;
        let count: u32 = count.parse().map_err(|_| bad())?;
        let period = match unit {
            "s" | "sec" | "second" => Period::Second,
            "min" | "minute" => Period::Minute,
            "h" | "hour" => Period::Hour,
            _ => return Err(bad()),
        };
        let burst = match (words.next(), words.next(), words.next()) {
            (None, _, _) => count,
            (Some("burst"), Some(n), None) => n.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        if count == 0 || burst == 0 {
            return Err(format!("{s:?}: the count and the burst must be at least 1"));
        }
        Ok(Self {
            count,
            period,
            burst,
        })
    }
}

impl TryFrom<String> for Budget {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let b: Budget = "3000/min burst 600".parse().expect("budget");
        assert_eq!(b, Budget::per_minute(3000, 600));
        assert_eq!(b.to_string(), "3000/min burst 600");
        let b: Budget = "5/s".parse().expect("budget");
        assert_eq!((b.count, b.period, b.burst), (5, Period::Second, 5));
        for bad in [
            "",
            "10",
            "10/day",
            "0/min",
            "10/min burst 0",
            "10/min burst",
            "x/min",
        ] {
            assert!(bad.parse::<Budget>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn quota_scales_rate_and_burst() {
        let q = Budget::per_minute(60, 10).quota(1);
        assert_eq!(q.replenish_interval(), Duration::from_secs(1));
        assert_eq!(q.burst_size().get(), 10);
        let q = Budget::per_minute(60, 10).quota(1000);
        assert_eq!(q.replenish_interval(), Duration::from_millis(1));
        assert_eq!(q.burst_size().get(), 10_000);
        // Absurd scales stay a valid quota.
        let q = Budget::per_minute(u32::MAX, u32::MAX).quota(u32::MAX);
        assert_eq!(q.replenish_interval(), Duration::from_nanos(13));
    }
}
