//! Joining the emitters' token streams without copying them. `quote!` interpolates a
//! `TokenStream` by reference: it clones the stream, and proc_macro2 then copies a shared
//! stream token by token (each identifier's text again), so a method interpolated into its
//! impl and the impl into its file was copied twice. The large pieces (methods, fields, a
//! file's items) are moved together here instead, and a braced body goes into `quote!` as one
//! group token, which copies a pointer.

use proc_macro2::{Delimiter, Group, TokenStream};

/// The streams one after the other, moved.
pub(super) fn concat(streams: impl IntoIterator<Item = TokenStream>) -> TokenStream {
    streams.into_iter().collect()
}

/// `{ streams }` as one token.
pub(super) fn braced(streams: impl IntoIterator<Item = TokenStream>) -> Group {
    Group::new(Delimiter::Brace, concat(streams))
}
