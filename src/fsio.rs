//! Reading files that anyone with write access to a folder may have
//! planted: every read is bounded before it is made, and inside a confined
//! folder nothing is opened through a symbolic link.
//!
//! The size is taken with `fstat` on the file already opened, never by a
//! `stat` of the path followed by a separate open, which a swap between
//! the two would defeat; the same goes for links: `O_NOFOLLOW` on a
//! directory-relative open refuses a link at the moment of opening. Opens
//! are non-blocking, so a FIFO planted where a file should be is refused
//! rather than waited on.

use rustix::fs::{Mode, OFlags, fstat, open, openat};
use std::fs::File;
use std::io::{self, Read};
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;

/// Whether the last component of a path may be a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Followed (a source the workspace's owner linked in on purpose).
    Follow,
    /// Refused: the file must be a regular file where it is named.
    Refuse,
}

fn read_flags(links: Links) -> OFlags {
    let base = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY;
    match links {
        Links::Follow => base,
        Links::Refuse => base | OFlags::NOFOLLOW,
    }
}

/// Why an open failed, in words an analyst can act on.
fn explain(e: rustix::io::Errno, links: Links) -> io::Error {
    if links == Links::Refuse && e == rustix::io::Errno::LOOP {
        return io::Error::other("it is a symbolic link, which is not followed here");
    }
    io::Error::from(e)
}

/// Checks the opened file is a regular file; returns it with its size.
fn regular(fd: OwnedFd) -> io::Result<(File, u64)> {
    let st = fstat(&fd)?;
    let kind = rustix::fs::FileType::from_raw_mode(st.st_mode);
    if kind != rustix::fs::FileType::RegularFile {
        return Err(io::Error::other(
            "it is not a regular file (a folder, device or pipe)",
        ));
    }
    Ok((File::from(fd), st.st_size.max(0) as u64))
}

/// Opens `path` for reading, a regular file only; with its size.
pub fn open_file(path: &Path, links: Links) -> io::Result<(File, u64)> {
    let fd = open(path, read_flags(links), Mode::empty()).map_err(|e| explain(e, links))?;
    regular(fd)
}

/// Opens `name` (one path component) inside the folder `dir` for reading,
/// never through a link: the folder itself is taken as given (it may be a
/// link chosen on purpose), the file in it may not be one.
pub fn open_in(dir: &Path, name: &str) -> io::Result<(File, u64)> {
    open_at(&open_dir(dir)?, name)
}

/// Opens `name` (one path component) inside the open folder `dir` for
/// reading, a regular file only and never through a link; with its size.
pub fn open_at(dir: impl AsFd, name: &str) -> io::Result<(File, u64)> {
    let fd = openat(
        dir,
        one_component(name)?,
        read_flags(Links::Refuse),
        Mode::empty(),
    )
    .map_err(|e| explain(e, Links::Refuse))?;
    regular(fd)
}

/// Opens the folder `name` (one path component) inside the open folder
/// `dir`, never through a link: unlike the confined folder itself, which
/// the operator chose, a folder inside it is anyone's to plant.
pub fn open_subdir(dir: impl AsFd, name: &str) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    openat(dir, one_component(name)?, flags, Mode::empty()).map_err(|e| match e {
        // Linux says ELOOP for a link, ENOTDIR for a file or a link under
        // O_DIRECTORY: either way, not a folder that may be used.
        rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR => {
            io::Error::other("it is a symbolic link or not a folder, which is not followed here")
        }
        e => io::Error::from(e),
    })
}

/// Opens the folder `dir` (following a link to it) as an anchor for
/// directory-relative opens.
pub fn open_dir(dir: &Path) -> io::Result<OwnedFd> {
    Ok(open(
        dir,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// `name` if it is a single, plain path component.
pub fn one_component(name: &str) -> io::Result<&str> {
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\0']) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{name}` is not a plain file name"),
        ));
    }
    Ok(name)
}

/// At most `cap + 1` bytes of an opened file: enough to tell it is over
/// the cap, never more, however large the file claims or grows to be.
pub fn read_limited(file: File, size: u64, cap: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity((size as usize).min(cap) + 1);
    file.take((cap as u64).saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The whole file if it is at most `cap` bytes; an error naming both sizes
/// otherwise, decided from `fstat` before a byte is read.
pub fn read_within(opened: (File, u64), cap: usize) -> io::Result<Vec<u8>> {
    let (file, size) = opened;
    if size > cap as u64 {
        return Err(too_large(size, cap));
    }
    let bytes = read_limited(file, size, cap)?;
    if bytes.len() > cap {
        // It grew while being read.
        return Err(too_large(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

fn too_large(size: u64, cap: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::FileTooLarge,
        format!("it is {size} bytes, over the limit of {cap}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_huge_sparse_file_is_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.md");
        let f = File::create(&path).unwrap();
        f.set_len(1 << 40).unwrap();
        let e = read_within(open_in(dir.path(), "huge.md").unwrap(), 1024).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        assert!(e.to_string().contains("1099511627776 bytes"), "{e}");
        // Through a limit, at most cap + 1 bytes.
        let (file, size) = open_file(&path, Links::Follow).unwrap();
        assert_eq!(read_limited(file, size, 10).unwrap().len(), 11);
    }

    #[test]
    fn links_are_refused_in_a_confined_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        symlink(dir.path().join("secret"), dir.path().join("link.md")).unwrap();
        let e = open_in(dir.path(), "link.md").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(open_file(&dir.path().join("link.md"), Links::Refuse).is_err());
        assert!(open_file(&dir.path().join("link.md"), Links::Follow).is_ok());
        assert!(open_in(dir.path(), "../secret").is_err());

        std::fs::create_dir(dir.path().join("real")).unwrap();
        symlink(dir.path().join("real"), dir.path().join("linked")).unwrap();
        let root = open_dir(dir.path()).unwrap();
        assert!(open_subdir(&root, "real").is_ok());
        for planted in ["linked", "secret", "link.md"] {
            let e = open_subdir(&root, planted).unwrap_err();
            assert!(e.to_string().contains("not followed"), "{planted}: {e}");
        }
    }

    #[test]
    fn a_fifo_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let e = open_in(dir.path(), "pipe.md").unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
