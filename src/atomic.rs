//! Writing a file so that readers see the old content or the new, never a
//! mix: a temporary file in the same folder, fsync, rename over the target
//! (or, to create without replacing, hard-link it in place), fsync the
//! folder. Also the one way to create a private file (a recovery draft, a
//! host key): [`create_private`].

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Temporary files are named `.NAME.PID.N.tmp`: hidden, and unique per
/// process and write, so concurrent writers never share one.
const TEMP_SUFFIX: &str = ".tmp";

/// Atomically replaces (or creates) `path` with `bytes`. The file gets mode
/// 0644 on Unix whatever the umask, so other analysts on the host can read it.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, 0o644, |file| file.write_all(bytes))
}

/// As [`write()`], but the file gets mode 0600: a draft, for its owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace(path, 0o600, |file| file.write_all(bytes))
}

/// [`write()`] for content too large to hold in memory at once: `fill`
/// writes it to the temporary file (buffering as it sees fit, flushing
/// before it returns).
pub fn write_with(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    replace(path, 0o644, fill)
}

fn replace(
    path: &Path,
    mode: u32,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_file(path, mode, fill)?;
    let result = fs::rename(&tmp, path).and_then(|()| sync_dir(parent(path)));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Atomically creates `path` with `bytes`, failing with
/// [`io::ErrorKind::AlreadyExists`] if it exists: unlike a rename, a hard
/// link never replaces, so concurrent creators need no lock. Mode as
/// [`write()`]. File systems without hard links fail with another error.
pub fn create(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_file(path, 0o644, |file| file.write_all(bytes))?;
    let result = fs::hard_link(&tmp, path).and_then(|()| sync_dir(parent(path)));
    let _ = fs::remove_file(&tmp);
    result
}

/// Creates `path` with `bytes`, readable and writable by its owner only
/// (0600 on Unix), failing with [`io::ErrorKind::AlreadyExists`] if
/// anything is there: a file, or a symbolic link, which is never followed
/// (`O_CREAT | O_EXCL` refuses one, so an attacker's link in a shared
/// folder such as /tmp cannot redirect the write). File and folder are
/// synced; on failure the half-written file is removed. Unlike
/// [`create()`] it needs no hard links (any file system will do), but a
/// reader may see the file before it is complete.
pub fn create_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = open_new(path, 0o600)?;
    let result = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| sync_dir(parent(path)));
    if result.is_err() {
        let _ = fs::remove_file(path);
    }
    result
}

/// Opens a new file for writing, failing if `path` exists; on Unix it is
/// created with `mode` (less the umask).
fn open_new(path: &Path, mode: u32) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    options.open(path)
}

/// Writes a new, synced temporary file beside `path` with `fill`, with
/// `mode` on Unix.
fn temp_file(
    path: &Path,
    mode: u32,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = parent(path).join(format!(".{name}.{}.{n}{TEMP_SUFFIX}", std::process::id()));
    let result = (|| {
        let mut file = open_new(&tmp, 0o644)?;
        #[cfg(unix)]
        {
            // Explicit, not via the open mode: a umask of 077 would hide notes.
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(mode))?;
        }
        #[cfg(not(unix))]
        let _ = mode;
        fill(&mut file)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// [`write()`] relative to an open folder: the temporary file is created
/// with `O_EXCL | O_NOFOLLOW` in `dir` and renamed over `name` there, so
/// no link, in the folder or swapped in for its path, redirects the write.
pub fn write_in(dir: &std::os::fd::OwnedFd, name: &str, bytes: &[u8]) -> io::Result<()> {
    use rustix::fs::{AtFlags, Mode, OFlags, fsync, openat, renameat, unlinkat};
    let name = crate::fsio::one_component(name)?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{name}.{}.{n}{TEMP_SUFFIX}", std::process::id());
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let mut file = File::from(openat(dir, &tmp, flags, Mode::from_raw_mode(0o644))?);
    let result = (|| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(fs::Permissions::from_mode(0o644))?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        renameat(dir, &tmp, dir, name)?;
        Ok(fsync(dir)?)
    })();
    if result.is_err() {
        let _ = unlinkat(dir, &tmp, AtFlags::empty());
    }
    result
}

/// Takes an exclusive lock on the file `name` in the folder `dir`
/// (creating both if missing); it is released when the returned file is
/// closed, and by the system if the process dies. The lock file is opened
/// relative to the folder and never through a link: a link planted at its
/// name must not make a lock create the file it names.
pub fn lock(dir: &Path, name: &str) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags, openat};
    fs::create_dir_all(dir)?;
    let dirfd = crate::fsio::open_dir(dir)?;
    let name = crate::fsio::one_component(name)?;
    let flags = OFlags::CLOEXEC | OFlags::NOFOLLOW | OFlags::NONBLOCK;
    let fd = match openat(
        &dirfd,
        name,
        flags | OFlags::RDWR | OFlags::CREATE,
        Mode::from_raw_mode(0o644),
    ) {
        Ok(fd) => fd,
        // Another user's lock file, or a read-only folder: a read-only
        // handle locks as well, and the write that follows reports why.
        Err(e) => openat(&dirfd, name, flags | OFlags::RDONLY, Mode::empty())
            .map_err(|_| io::Error::from(e))?,
    };
    let file = File::from(fd);
    file.lock()?;
    Ok(file)
}

/// As [`write()`], with the file mode `mode` on Unix (to keep a file's
/// own mode when replacing it).
pub fn write_mode(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    replace(path, mode, |file| file.write_all(bytes))
}

/// Removes `path` and makes the removal durable.
pub fn remove(path: &Path) -> io::Result<()> {
    fs::remove_file(path)?;
    sync_dir(parent(path))
}

/// Whether a file name is one of [`write()`]'s temporary files.
pub fn is_temp(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
}

/// Removes temporary files left in `dir` by writers that died mid-write:
/// those last modified more than `age` ago (a live writer's file is
/// seconds old at most).
pub fn sweep(dir: &Path, age: Duration) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !entry.file_name().to_str().is_some_and(is_temp) {
            continue;
        }
        let meta = entry.metadata()?;
        let old = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|e| e >= age);
        if meta.is_file() && old {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        super::write(&p, b"one").unwrap();
        super::write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn mode_is_0644_whatever_the_old_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.md");
        std::fs::write(&p, b"old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        super::write(&p, b"new").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn create_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.md");
        super::create(&p, b"first").unwrap();
        let e = super::create(&p, b"second").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"first");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn create_private_is_0600_exclusive_and_never_follows_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("draft.md");
        super::create_private(&p, b"mine").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let e = super::create_private(&p, b"again").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"mine");

        // A link planted where the file goes, even one pointing nowhere yet.
        let target = dir.path().join("victim");
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = super::create_private(&link, b"secret").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert!(!target.exists());
    }

    #[test]
    fn write_with_streams_into_place() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.bin");
        super::write_with(&p, |f| {
            let mut w = std::io::BufWriter::new(f);
            w.write_all(b"a")?;
            w.write_all(b"b")?;
            w.flush()
        })
        .unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"ab");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn sweep_removes_only_old_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".a.md.12.0.tmp"), b"half").unwrap();
        std::fs::write(dir.path().join("a.md"), b"whole").unwrap();
        std::fs::write(dir.path().join(".lock"), b"").unwrap();
        let hour = std::time::Duration::from_secs(3600);
        assert_eq!(super::sweep(dir.path(), hour).unwrap(), 0, "too recent");
        assert_eq!(
            super::sweep(dir.path(), std::time::Duration::ZERO).unwrap(),
            1
        );
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [".lock", "a.md"]);
    }
}
