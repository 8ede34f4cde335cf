//! Reading one file from disk, bounded: only an ordinary file, and never more than a
//! limit, whatever the file claims.

use std::path::{Path, PathBuf};

use crate::limits::bytes;

/// Why [`read_bounded`] could not read a file.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ReadError {
    /// A directory, device, FIFO or socket (after following links).
    #[error("`{path}` is not a regular file ({what}); tomc reads only ordinary files")]
    #[diagnostic(
        code(tomc::not_a_file),
        help("replace it, or the link that leads to it, with an ordinary file")
    )]
    NotRegular {
        /// The path as given.
        path: PathBuf,
        /// What it is instead: `a directory`, `a FIFO`, ...
        what: &'static str,
    },
    /// The file holds more bytes than the limit.
    #[error("`{path}` is larger than tomc reads ({max})")]
    #[diagnostic(
        code(tomc::file_too_large),
        help("split it into smaller files, or check that it is the file you meant")
    )]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// The limit, for people (`256 MiB`).
        max: String,
    },
    /// The file or directory could not be opened or read.
    #[error("cannot read `{path}`: {source}")]
    #[diagnostic(
        code(tomc::io),
        help("check that the path exists and that you may read it")
    )]
    Io {
        /// The path as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Reads a whole file of at most `limit` bytes. Only an ordinary file is read (after
/// following links): a device, FIFO, socket or directory is refused, without blocking on
/// a FIFO. The kind and size are checked on the file opened, not on the path, and the
/// read stops one byte past `limit` whatever the size on disk says, so a file that grows
/// or lies about its size is still refused.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    let io = |source| ReadError::Io {
        path: path.to_owned(),
        source,
    };
    let file = open_nonblocking(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular {
            path: path.to_owned(),
            what: file_kind(&meta.file_type()),
        });
    }
    let too_large = || ReadError::TooLarge {
        path: path.to_owned(),
        max: bytes(limit),
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    let mut content = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut content)
        .map_err(io)?;
    if content.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(content)
}

/// Opens `path` for reading; on Unix without blocking, so a FIFO with no writer does not
/// hang the open (the flag changes nothing for an ordinary file).
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // The flag's bits fit an `i32`: O_NONBLOCK is 0o4000 on Linux, 4 on the BSDs.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    options.open(path)
}

/// What a file that is not an ordinary file is, for messages.
pub(super) fn file_kind(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    "a device, FIFO or socket"
}
