//! [`Cloud`]: the national clouds Graph runs in, with their endpoints and token scopes.

/// A Microsoft Graph deployment. A token is only valid in the cloud it was issued for, so
/// the token provider must ask for [`Cloud::scope`] of the same cloud the client sends to
/// ([`Client::for_cloud`](super::Client::for_cloud)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4 (GCC High), `https://graph.microsoft.us`.
    UsGovernment,
    /// US Government L5 (DoD), `https://dod-graph.microsoft.us`.
    UsGovernmentDod,
    /// China, operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, in declaration order.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGovernment, Cloud::UsGovernmentDod, Cloud::China];

    /// The Graph endpoint requests go to, without a trailing `/`.
    pub fn base_url(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovernment => "https://graph.microsoft.us",
            Cloud::UsGovernmentDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The scope to request a token for (the app's statically consented permissions).
    pub fn scope(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com/.default",
            Cloud::UsGovernment => "https://graph.microsoft.us/.default",
            Cloud::UsGovernmentDod => "https://dod-graph.microsoft.us/.default",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn/.default",
        }
    }

    /// The Microsoft Entra ID authority host that issues tokens for this cloud.
    pub fn authority_host(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGovernment | Cloud::UsGovernmentDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }
}
