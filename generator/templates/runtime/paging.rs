//! Paging: [`Call::pages`] and [`Call::items`] (and their `_as` forms) follow `@odata.nextLink` on the client's own
//! origin, and expose `@odata.deltaLink` and `@odata.count`.

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use url::Url;

use super::call::Prepared;
use super::{Call, Error, Method};

/// One page of a collection.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page (`value`).
    pub value: Vec<T>,
    /// Where the next page is (`@odata.nextLink`); `None` on the last page.
    pub next_link: Option<String>,
    /// Where to ask for the changes since this query (`@odata.deltaLink`, on the last page of
    /// a delta query).
    pub delta_link: Option<String>,
    /// The total number of items (`@odata.count`), when asked for with
    /// [`Call::count`]`(true)`.
    pub count: Option<u64>,
}

impl<T: DeserializeOwned> Page<T> {
    /// A page from a response body: a JSON object with a `value` array.
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        serde_json::from_slice(body).map_err(Error::Decode)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let not_a_page = |why: &str| D::Error::custom(format!("not a collection page: {why}"));
        let mut object = match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Object(object) => object,
            _ => return Err(not_a_page("the body is not a JSON object")),
        };
        let value = match object.remove("value") {
            Some(value @ serde_json::Value::Array(_)) => Vec::<T>::deserialize(value).map_err(D::Error::custom)?,
            _ => return Err(not_a_page("the body has no `value` array")),
        };
        let text = |v: Option<serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        Ok(Page {
            value,
            next_link: text(object.remove("@odata.nextLink")),
            delta_link: text(object.remove("@odata.deltaLink")),
            count: object.get("@odata.count").and_then(serde_json::Value::as_u64),
        })
    }
}

impl<'c, T: DeserializeOwned + Send + 'c> Call<'c, Page<T>> {
    /// Sends the call and then requests every next page (`@odata.nextLink`, with the same
    /// headers), one page at a time as the stream is polled; each request is retried as a
    /// single call would be.
    ///
    /// A next link to another origin than the client's base URL is not requested: the
    /// stream yields the page that held it, then [`Error::ForeignNextLink`], then ends. So
    /// does it after any other error.
    ///
    /// The stream is `Unpin`: `StreamExt::next` and `TryStreamExt::try_next` work on it as it
    /// is.
    pub fn pages(self) -> BoxStream<'c, Result<Page<T>, Error>> {
        self.pages_as::<T>()
    }

    /// The items of every page, in order (see [`Call::pages`]).
    pub fn items(self) -> BoxStream<'c, Result<T, Error>> {
        self.items_as::<T>()
    }
}

impl<'c, R> Call<'c, R> {
    /// [`pages`](Call::pages) with items decoded into `T`, whatever the docs say (for a
    /// collection the docs do not type, or [`serde_json::Value`] for anything).
    pub fn pages_as<T: DeserializeOwned + Send + 'c>(self) -> BoxStream<'c, Result<Page<T>, Error>> {
        let first = self.prepare();
        stream::try_unfold(Some(first), |state| async move {
            let Some(prepared) = state else {
                return Ok(None);
            };
            let mut prepared = prepared?;
            let page = Page::<T>::from_json(&prepared.execute().await?.check_json()?.body)?;
            let next = page.next_link.as_deref().map(|link| next_page(&mut prepared, link).map(|()| prepared));
            Ok(Some((page, next)))
        })
        .boxed()
    }

    /// The items of every page, in order, decoded into `T` (see [`Call::pages_as`]).
    pub fn items_as<T: DeserializeOwned + Send + 'c>(self) -> BoxStream<'c, Result<T, Error>> {
        self.pages_as::<T>().map_ok(|page| stream::iter(page.value.into_iter().map(Ok))).try_flatten().boxed()
    }
}

/// Points `prepared` at `link`, a GET without a body, if `link` is on the client's origin.
fn next_page(prepared: &mut Prepared<'_>, link: &str) -> Result<(), Error> {
    let foreign = || Error::ForeignNextLink { link: link.to_owned() };
    let base = Url::parse(&prepared.client.base_url).map_err(|_| foreign())?;
    let url = Url::parse(link).map_err(|_| foreign())?;
    if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
        return Err(foreign());
    }
    prepared.url = url;
    prepared.method = Method::GET;
    prepared.body = None;
    prepared.headers.remove(reqwest::header::CONTENT_TYPE);
    Ok(())
}
