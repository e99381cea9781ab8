//! Reading an import file whole, refusing what cannot be a file of records
//! (missing, unreadable, too large, not UTF-8) with a message naming it.

use super::MAX_FILE_BYTES;
use super::parse::FileError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A file that cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum FileProblem {
    /// Missing, a directory, or not readable.
    #[error("cannot read {path}: {error}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("{path} is larger than the {limit} bytes an import reads")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: u64,
    },
    /// Not UTF-8 text, so not JSON.
    #[error("{path} is not UTF-8 text, so it cannot be JSON")]
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// Text, but not a JSON array of records.
    #[error(transparent)]
    Format(#[from] FileError),
}

/// The whole text of `path`, at most [`MAX_FILE_BYTES`] of it.
pub fn read_file(path: &Path) -> Result<String, FileProblem> {
    let unreadable = |error| FileProblem::Unreadable {
        path: path.to_owned(),
        error,
    };
    let too_large = || FileProblem::TooLarge {
        path: path.to_owned(),
        limit: MAX_FILE_BYTES,
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let length = file.metadata().map_err(unreadable)?.len();
    if length > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // Read one byte past the limit, in case the file grows (or is not a
    // regular file and reported no length).
    let mut bytes = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|_| FileProblem::NotText {
        path: path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_unreadable_and_named() {
        let missing = Path::new("/nonexistent/panda/patients.json");
        let problem = read_file(missing).err();
        assert!(matches!(problem, Some(FileProblem::Unreadable { .. })));
        let text = problem.map(|p| p.to_string()).unwrap_or_default();
        assert!(text.contains("/nonexistent/panda/patients.json"), "{text}");
    }

    #[test]
    fn a_directory_or_binary_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_file(dir.path()),
            Err(FileProblem::Unreadable { .. })
        ));
        let binary = dir.path().join("binary.json");
        std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
        assert!(matches!(
            read_file(&binary),
            Err(FileProblem::NotText { .. })
        ));
    }
}
