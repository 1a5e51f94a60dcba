//! How a check runs: limits, time-outs, retries, and how the client names itself.

use std::time::Duration;

/// Settings of a [`Checker`](crate::Checker). Start from [`Config::default`] and change what
/// you need; every setter keeps the value within its bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub(crate) concurrency: usize,
    pub(crate) per_host: usize,
    pub(crate) timeout: Duration,
    pub(crate) max_redirects: usize,
    pub(crate) retries: u32,
    pub(crate) max_retry_wait: Duration,
    pub(crate) backoff: Duration,
    pub(crate) user_agent: String,
    pub(crate) max_body: u64,
    pub(crate) proxy_from_env: bool,
}

impl Default for Config {
    /// 16 requests at a time, 2 per host, 10 s per request, 10 redirects, 2 retries,
    /// `Retry-After` waits of up to 60 s, a 1 s back-off doubled on each retry, pages read up
    /// to 8 MiB, proxies from the environment, and the user agent
    /// `stylebook-links/<version>`.
    fn default() -> Self {
        Config {
            concurrency: 16,
            per_host: 2,
            timeout: Duration::from_secs(10),
            max_redirects: 10,
            retries: 2,
            max_retry_wait: Duration::from_secs(60),
            backoff: Duration::from_secs(1),
            user_agent: format!("stylebook-links/{}", env!("CARGO_PKG_VERSION")),
            max_body: 8 << 20,
            proxy_from_env: true,
        }
    }
}

impl Config {
    /// The most requests under way at once, over all hosts (at least 1).
    #[must_use]
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// The most requests under way at once to one host, a host being a name and a port (at
    /// least 1).
    #[must_use]
    pub fn per_host(mut self, n: usize) -> Self {
        self.per_host = n.max(1);
        self
    }

    /// The time one request may take, from connecting to the end of the body (at least 1 ms).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// The most redirects followed from one URL; one more makes it `broken`.
    #[must_use]
    pub fn max_redirects(mut self, n: usize) -> Self {
        self.max_redirects = n;
        self
    }

    /// How many times a 5xx or 429 answer is retried before the URL counts as `broken`.
    #[must_use]
    pub fn retries(mut self, n: u32) -> Self {
        self.retries = n;
        self
    }

    /// The longest `Retry-After` honoured; a server asking for more makes the URL `broken`
    /// at once rather than stalling the run.
    #[must_use]
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
        self
    }

    /// The wait before the first retry of an answer without `Retry-After`; it doubles on
    /// each further retry.
    #[must_use]
    pub fn backoff(mut self, wait: Duration) -> Self {
        self.backoff = wait;
        self
    }

    /// The `User-Agent` header: name the tool and how to reach its authors.
    #[must_use]
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// The most bytes of a page read to look for anchors.
    #[must_use]
    pub fn max_body(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// Whether `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are obeyed.
    #[must_use]
    pub fn proxy_from_env(mut self, yes: bool) -> Self {
        self.proxy_from_env = yes;
        self
    }

    /// The wait before retry number `attempt` (0 for the first) of an answer that named none.
    pub(crate) fn backoff_for(&self, attempt: u32) -> std::time::Duration {
        self.backoff.saturating_mul(1 << attempt.min(16))
    }
}
