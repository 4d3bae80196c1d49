//! Downloads: [`Call::download`] and [`Call::download_stream`] read a body as bytes, following
//! Graph's redirects to pre-authenticated URLs on other hosts without sending credentials.

use futures_util::stream::{self, BoxStream, StreamExt};

use super::call::{Answer, Mode};
use super::{Call, Error, Response};

/// The chunks of a downloaded body, as they arrive ([`Call::download_stream`]).
pub type ByteStream = BoxStream<'static, Result<bytes::Bytes, Error>>;

/// What a call to a `$value` or `/content` path returns: the bytes of a stream (a file, a
/// photo), not a model. The request builders type such calls `Call<'c, Download>`, whose
/// [`send`](Call::send) is a [`download`](Call::download) returning only the body; call
/// [`download`](Call::download) for the content type too, or
/// [`download_stream`](Call::download_stream) for the chunks as they arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Download;

impl Call<'_, Download> {
    /// Sends the call and returns the body's bytes: a [`download`](Call::download), which
    /// follows Graph's redirect to a pre-authenticated URL on another host without sending
    /// the token or the call's headers there.
    pub async fn send(self) -> Result<Vec<u8>, Error> {
        Ok(self.download().await?.body)
    }
}

impl<R> Call<'_, R> {
    /// Sends the call and returns its body as bytes, whatever its content type (file
    /// contents, `$value`, reports).
    ///
    /// Graph answers many downloads (`/content`, report functions) with a redirect to a
    /// pre-authenticated URL on another host. A GET follows such redirects, at most 5 in a
    /// row, each only to `https` (plain `http` to a loopback host), and sends there none of
    /// the call's credentials: no `Authorization`, none of the headers set with
    /// [`header`](Call::header). Redirects on the base URL's origin are followed as for any
    /// call. The body limit ([`Client::with_max_body_size`](super::Client::with_max_body_size)),
    /// the deadline and the retries are those of any call.
    pub async fn download(self) -> Result<Response, Error> {
        match self.prepare()?.run(Mode::Bytes).await? {
            Answer::Read(response) => Ok(response),
            Answer::Open(_) => unreachable!("Mode::Bytes reads the body"),
        }
    }

    /// [`download`](Call::download), the body as a stream of chunks instead of one buffer:
    /// the returned future ends when the response headers have arrived. Each chunk must
    /// arrive within the client's timeout ([`Client::with_timeout`](super::Client::with_timeout))
    /// of the one before, and the stream ends with [`Error::BodyTooLarge`] past the body
    /// limit.
    pub async fn download_stream(self) -> Result<ByteStream, Error> {
        let client = self.client;
        let idle = client.limits.timeout;
        let limit = client.limits.max_body_size;
        let response = match self.prepare()?.run(Mode::Stream).await? {
            Answer::Open(response) => response,
            Answer::Read(_) => unreachable!("Mode::Stream leaves the body unread"),
        };
        let status = response.status().as_u16();
        let retry_after = None;
        // (response, bytes read so far); `None` once the stream has failed.
        let chunks = stream::unfold(Some((response, 0usize)), move |state| async move {
            let (mut response, read) = state?;
            let chunk = match tokio::time::timeout(idle, response.chunk()).await {
                Err(_) => Err(Error::Timeout { after: idle }),
                Ok(Err(e)) => Err(Error::Transport(e.without_url())),
                Ok(Ok(None)) => return None,
                Ok(Ok(Some(chunk))) if chunk.len() > limit - read => {
                    Err(Error::BodyTooLarge { status, limit, retry_after })
                }
                Ok(Ok(Some(chunk))) => Ok(chunk),
            };
            match chunk {
                Ok(chunk) => {
                    let read = read + chunk.len();
                    Some((Ok(chunk), Some((response, read))))
                }
                Err(error) => Some((Err(error), None)),
            }
        });
        Ok(chunks.boxed())
    }
}
