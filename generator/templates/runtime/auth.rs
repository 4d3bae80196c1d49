//! [`AzureCredential`] (feature `azure-identity`): tokens from any `azure_core`
//! [`TokenCredential`], such as those of the `azure_identity` crate.

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;

use super::{Cloud, TokenFuture, TokenProvider};

/// A [`TokenProvider`] asking an `azure_core` [`TokenCredential`] (e.g.
/// `azure_identity::DeveloperToolsCredential` or `ManagedIdentityCredential`) for a token
/// with the scope of one [`Cloud`]. The credential caches and refreshes tokens itself.
///
/// Use the same cloud for the client:
/// `Client::for_cloud(cloud, AzureCredential::new(credential, cloud))`.
#[derive(Clone)]
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    scope: &'static str,
}

impl AzureCredential {
    /// Tokens from `credential` for `cloud` ([`Cloud::scope`]).
    pub fn new(credential: Arc<dyn TokenCredential>, cloud: Cloud) -> Self {
        AzureCredential { credential, scope: cloud.scope() }
    }

    /// The scope tokens are requested for.
    pub fn scope(&self) -> &str {
        self.scope
    }
}

// The credential may hold a client secret: only the scope is shown.
impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential").field("scope", &self.scope).finish_non_exhaustive()
    }
}

impl TokenProvider for AzureCredential {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let token = self.credential.get_token(&[self.scope], None).await?;
            Ok(token.token.secret().to_owned())
        })
    }
}
