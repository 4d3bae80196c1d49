//! Delta queries: [`Call::changes`] yields the changed items of every page and finally the
//! `@odata.deltaLink` to keep; [`Call::resume_from`] starts the next run from that link.

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use url::Url;

use super::{Call, Error, Page};

/// One element of a delta run ([`Call::changes`]): a changed item, or, last, the link that
/// asks for the changes since this run.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    /// An item created, updated or (with `@removed`) deleted since the last run.
    Item(T),
    /// `@odata.deltaLink`, on the last page: save it and give it to [`Call::resume_from`]
    /// for the next run.
    DeltaLink(String),
}

impl<'c, T: DeserializeOwned + Send + 'c> Call<'c, Page<T>> {
    /// Sends a delta query and yields every changed item across its pages (following
    /// `@odata.nextLink` as [`pages`](Call::pages) does, on the base URL's origin only), then
    /// [`Change::DeltaLink`]. A last page without a delta link ends the stream with
    /// [`Error::NoDeltaLink`]. The stream is `Unpin`.
    pub fn changes(self) -> BoxStream<'c, Result<Change<T>, Error>> {
        self.changes_as::<T>()
    }
}

impl<'c, R> Call<'c, R> {
    /// [`changes`](Call::changes) with items decoded into `T`, whatever the docs say.
    pub fn changes_as<T: DeserializeOwned + Send + 'c>(self) -> BoxStream<'c, Result<Change<T>, Error>> {
        self.pages_as::<T>()
            .map_ok(|page: Page<T>| {
                let last = match (&page.next_link, page.delta_link) {
                    (Some(_), _) => None,
                    (None, Some(link)) => Some(Ok(Change::DeltaLink(link))),
                    (None, None) => Some(Err(Error::NoDeltaLink)),
                };
                stream::iter(page.value.into_iter().map(|item| Ok(Change::Item(item))).chain(last))
            })
            .try_flatten()
            .boxed()
    }

    /// The same call sent to `link`, a saved `@odata.deltaLink` (or `@odata.nextLink`) of an
    /// earlier run, with its own query instead of the call's. A link to another origin than
    /// the base URL's, or with a user name or password, fails with
    /// [`Error::ForeignNextLink`] when sent: the token is not sent there.
    pub fn resume_from(mut self, link: &str) -> Self {
        self.path = path_on_base(&self.client.base_url, link);
        self.query = Default::default();
        self
    }
}

/// The path and query of `link` after `base_url`, if `link` is on the base URL (its origin
/// and path prefix).
fn path_on_base(base_url: &str, link: &str) -> Result<String, Error> {
    let foreign = || Error::ForeignNextLink { link: link.to_owned() };
    let base = Url::parse(base_url).map_err(|_| foreign())?;
    let url = Url::parse(link).map_err(|_| foreign())?;
    if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
        return Err(foreign());
    }
    let base_path = base.path().trim_end_matches('/');
    let rest = url.path().strip_prefix(base_path).filter(|rest| rest.starts_with('/')).ok_or_else(foreign)?;
    Ok(match url.query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest.to_owned(),
    })
}
