//! [`RetryPolicy`]: which failures are retried, and how long to wait before each retry.

use std::time::{Duration, SystemTime};

use super::RetryAfter;

/// Retries of throttled or overloaded calls (429, 503 and 504, which Graph sends routinely).
///
/// Before each retry the call waits what the server asked for (`Retry-After`, in seconds or
/// as an HTTP date), else an exponential backoff with jitter: `initial_delay`, doubled at each
/// retry, each wait drawn between half of it and all of it so that throttled clients do not
/// come back in step. Every wait is at least `min_delay` (a `Retry-After: 0` or a date
/// already past does not make the client hammer the server) and at most `max_delay`. A call is retried at most
/// `max_retries` times, and never when the next wait (as the server asked it, before the
/// cap) would bring the total past `max_total_wait`: the error is returned at once, with the
/// server's hint ([`Error::retry_after`](super::Error::retry_after)) for the caller to act on.
///
/// The body is sent again on each retry, so the same request reaches the server. Waits count
/// towards the call's deadline ([`Client::with_timeout`](super::Client::with_timeout)): a wait
/// that would end past it returns the error at once.
///
/// [`Client::with_retry`](super::Client::with_retry) sets the policy of every status,
/// [`Client::with_retry_for`](super::Client::with_retry_for) the policy of one (stop retrying
/// 429 but keep 503 and 504, or wait out a long 429).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (the default: 3).
    pub max_retries: u32,
    /// The most time spent waiting between attempts of one call (the default: 60 s).
    pub max_total_wait: Duration,
    /// The backoff before the first retry when the server gave no hint (the default: 1 s).
    pub initial_delay: Duration,
    /// The longest single wait, the server's hint included (the default: 60 s).
    pub max_delay: Duration,
    /// The shortest single wait, the server's hint included (the default: 500 ms).
    pub min_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_total_wait: Duration::from_secs(60),
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
            min_delay: Duration::from_millis(500),
        }
    }
}

impl RetryPolicy {
    /// Never retry: every failure is returned as it comes.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// Whether a response with `status` is worth retrying: throttled (429), unavailable
    /// (503) or a gateway timeout (504).
    pub fn is_retryable(status: u16) -> bool {
        matches!(status, 429 | 503 | 504)
    }

    /// How long to wait before retry number `retry` (1 for the first): the server's `hint`
    /// as of `now` if it sent one, else the jittered backoff; at least `min_delay`, at most
    /// `max_delay`.
    pub fn delay_for(&self, retry: u32, hint: Option<RetryAfter>, now: SystemTime) -> Duration {
        let delay = match hint {
            Some(hint) => hint.delay_from(now),
            None => {
                let full = self.initial_delay.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
                let half = full / 2;
                // Up to the other half, at random ("equal jitter").
                half + half.mul_f64(fastrand::f64())
            }
        };
        delay.max(self.min_delay).min(self.max_delay)
    }

    /// The wait before retry number `retry` after `waited` so far, or `None` when the policy
    /// says to give up.
    pub(super) fn next_wait(&self, retry: u32, waited: Duration, hint: Option<RetryAfter>) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        let now = SystemTime::now();
        let wait = self.delay_for(retry, hint, now);
        // A server asking for more than the budget would throttle an earlier retry again.
        let asked = hint.map_or(wait, |hint| hint.delay_from(now).max(wait));
        (waited.saturating_add(asked) <= self.max_total_wait).then_some(wait)
    }
}

/// The client's policies: one for every retried status, and those set for one status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RetryRules {
    pub(super) default: RetryPolicy,
    pub(super) by_status: Vec<(u16, RetryPolicy)>,
}

impl RetryRules {
    pub(super) fn new(default: RetryPolicy) -> Self {
        RetryRules { default, by_status: Vec::new() }
    }

    /// The policy for a response with `status`, or `None` if that status is not retried.
    pub(super) fn for_status(&self, status: u16) -> Option<RetryPolicy> {
        match self.by_status.iter().find(|(s, _)| *s == status) {
            Some((_, policy)) => Some(*policy),
            None => RetryPolicy::is_retryable(status).then_some(self.default),
        }
    }
}
