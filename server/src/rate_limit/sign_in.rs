//! Failed console sign-ins, limited per client address and per account (site and email), so
//! a password cannot be guessed at speed from one address nor from many against one account.
//! Like the admin failures: only refusals spend, and once a budget is spent every sign-in from
//! that client (or to that account) is 429 until it refills, right password or not.

use std::time::{Duration, Instant};

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, RateLimiter};

use super::{Budget, ClientKey};

/// Failures one client address may make.
pub const PER_CLIENT: Budget = Budget::per_minute(20, 20);
/// Failures against one account, from anywhere.
pub const PER_ACCOUNT: Budget = Budget::per_minute(5, 10);
/// The most blocked clients and accounts remembered at once.
const BLOCKED_MAX: u64 = 100_000;

/// Blocked keys, until when; an entry outlives its block by one refill at most.
fn blocked<K>(quota: governor::Quota) -> moka::sync::Cache<K, Instant>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
{
    moka::sync::Cache::builder()
        .max_capacity(BLOCKED_MAX)
        .time_to_live(quota.replenish_interval() * 2)
        .build()
}

pub struct SignInLimits {
    per_client: DefaultKeyedRateLimiter<ClientKey>,
    per_account: DefaultKeyedRateLimiter<String>,
    blocked_clients: moka::sync::Cache<ClientKey, Instant>,
    blocked_accounts: moka::sync::Cache<String, Instant>,
}

impl SignInLimits {
    pub fn new(scale: u32) -> Self {
        let (client, account) = (PER_CLIENT.quota(scale), PER_ACCOUNT.quota(scale));
        Self {
            per_client: RateLimiter::keyed(client),
            per_account: RateLimiter::keyed(account),
            blocked_clients: blocked(client),
            blocked_accounts: blocked(account),
        }
    }

    /// How long to wait before this client may try this account again; `None`: go ahead.
    pub fn wait(&self, client: ClientKey, account: &str) -> Option<Duration> {
        let now = Instant::now();
        [
            self.blocked_clients.get(&client),
            self.blocked_accounts.get(account),
        ]
        .into_iter()
        .flatten()
        .filter(|until| *until > now)
        .max()
        .map(|until| until - now)
    }

    /// Counts a failure; the wait when it spent a budget.
    pub fn failed(&self, client: ClientKey, account: &str) -> Option<Duration> {
        let now = Instant::now();
        let mut wait = None;
        if let Err(late) = self.per_client.check_key(&client) {
            let w = late.wait_time_from(self.per_client.clock().now());
            self.blocked_clients.insert(client, now + w);
            wait = Some(w);
        }
        let key = account.to_owned();
        if let Err(late) = self.per_account.check_key(&key) {
            let w = late.wait_time_from(self.per_account.clock().now());
            self.blocked_accounts.insert(key, now + w);
            wait = Some(wait.map_or(w, |v: Duration| v.max(w)));
        }
        wait
    }

    /// Forgets every client and account whose budget has refilled.
    pub fn prune(&self) {
        self.per_client.retain_recent();
        self.per_client.shrink_to_fit();
        self.per_account.retain_recent();
        self.per_account.shrink_to_fit();
    }

    pub fn tracked(&self) -> u64 {
        (self.per_client.len() + self.per_account.len()) as u64
            + self.blocked_clients.entry_count()
            + self.blocked_accounts.entry_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_block_the_account_from_every_client() {
        let limits = SignInLimits::new(1);
        let a = ClientKey::of("203.0.113.1".parse().expect("ip"));
        let b = ClientKey::of("203.0.113.2".parse().expect("ip"));
        let mut blocked_after = None;
        for n in 1..=20 {
            let client = if n % 2 == 0 { a } else { b };
            if limits.failed(client, "demo/owner@example.com").is_some() {
                blocked_after = Some(n);
                break;
            }
        }
        assert_eq!(blocked_after, Some(PER_ACCOUNT.burst + 1));
        assert!(limits.wait(a, "demo/owner@example.com").is_some());
        assert!(limits.wait(a, "demo/other@example.com").is_none());
    }
}
