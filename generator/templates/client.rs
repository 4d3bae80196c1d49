//! [`Client`]: the runtime's client with this API's entry points, `v1()` and `beta()`.
//!
//! The runtime is a crate of its own (so that regenerating the client does not compile it
//! again), and a crate cannot add methods to another crate's type: this client wraps the
//! runtime's. Everything the runtime's client does is reached through it (`Deref`), and its
//! builder methods return this client.

use std::fmt;
use std::ops::Deref;
use std::time::Duration;

use crate::runtime::{self, Cloud, Error, RetryPolicy, TokenProvider};

/// A Microsoft Graph client: where requests go, how they are authenticated and the limits of
/// each call. Start at `client.v1()` or `client.beta()`. The methods of
/// [`runtime::Client`] (`request`, `base_url`, `batch`, ...) are this client's too.
#[derive(Clone)]
pub struct Client(pub(crate) runtime::Client);

impl Client {
    /// See [`runtime::Client::new`].
    pub fn new(tokens: impl TokenProvider + 'static) -> Self {
        Client(runtime::Client::new(tokens))
    }

    /// See [`runtime::Client::for_cloud`].
    pub fn for_cloud(cloud: Cloud, tokens: impl TokenProvider + 'static) -> Self {
        Client(runtime::Client::for_cloud(cloud, tokens))
    }

    /// See [`runtime::Client::with_retry`].
    pub fn with_retry(self, policy: RetryPolicy) -> Self {
        Client(self.0.with_retry(policy))
    }

    /// See [`runtime::Client::with_retry_for`].
    pub fn with_retry_for(self, status: u16, policy: RetryPolicy) -> Self {
        Client(self.0.with_retry_for(status, policy))
    }

    /// See [`runtime::Client::with_base_url`].
    pub fn with_base_url(self, base_url: impl AsRef<str>) -> Result<Self, Error> {
        self.0.with_base_url(base_url).map(Client)
    }

    /// See [`runtime::Client::with_timeout`].
    pub fn with_timeout(self, timeout: Duration) -> Self {
        Client(self.0.with_timeout(timeout))
    }

    /// See [`runtime::Client::with_attempt_timeout`].
    pub fn with_attempt_timeout(self, timeout: Duration) -> Self {
        Client(self.0.with_attempt_timeout(timeout))
    }

    /// See [`runtime::Client::with_connect_timeout`].
    pub fn with_connect_timeout(self, timeout: Duration) -> Self {
        Client(self.0.with_connect_timeout(timeout))
    }

    /// See [`runtime::Client::with_max_body_size`].
    pub fn with_max_body_size(self, bytes: usize) -> Self {
        Client(self.0.with_max_body_size(bytes))
    }

    /// See [`runtime::Client::with_max_error_body_size`].
    pub fn with_max_error_body_size(self, bytes: usize) -> Self {
        Client(self.0.with_max_error_body_size(bytes))
    }

    /// The runtime's client this one wraps.
    pub fn runtime(&self) -> &runtime::Client {
        &self.0
    }
}

impl Deref for Client {
    type Target = runtime::Client;

    fn deref(&self) -> &runtime::Client {
        &self.0
    }
}

impl From<runtime::Client> for Client {
    fn from(client: runtime::Client) -> Self {
        Client(client)
    }
}

// As the runtime's: the token provider is left out.
impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
