//! The bottom of the house: what every stage may use and none owns. Which characters are
//! hidden, how a file is read (a regular file within a size limit, never a FIFO), how a
//! relative path is written. Names no other module of the crate.

use std::io::Read;
use std::path::{Component, Path};

/// Largest page read, in bytes: the biggest reference page is about 100 KiB, so a page past
/// this is not a page, and reading it whole (or `/dev/zero` forever) must not be possible.
pub const MAX_PAGE_BYTES: u64 = 4 << 20;

/// Largest `[!INCLUDE]` target read, in bytes (included fragments are a table or two).
pub const MAX_INCLUDE_BYTES: u64 = 1 << 20;

/// Whether `c` must never reach generated code as it is: control characters (NUL, escape
/// sequences, stray line breaks), bidirectional controls (rustc denies them in source: they
/// make code read differently from what it does) and the other invisible characters
/// (Unicode's default-ignorable code points: zero-width spaces and joiners, the byte-order
/// mark, soft hyphens, tags), plus the interlinear annotation controls.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFFB}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A relative path written with `/` whatever the platform, as used in the model and diagnostics.
pub fn display_path(rel: &Path) -> String {
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Why [`read_regular_file`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// A FIFO, device, socket or folder.
    NotAFile,
    /// Larger than the limit given.
    TooLarge,
}

/// The contents of the regular file at `path`, at most `limit` bytes.
///
/// The file is opened without blocking (a FIFO would otherwise wait for a writer forever)
/// and its type and size are checked on the opened handle, so a path swapped for something
/// else after a check cannot slip through. Reading stops at `limit + 1` bytes whatever the
/// metadata said (the file may grow, or lie, as `/proc` files do).
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(ReadError::Io)?;
    let metadata = file.metadata().map_err(ReadError::Io)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}
