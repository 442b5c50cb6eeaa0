//! The server's host key: generated once (mode 0600), then reused, never
//! overwritten, so clients' known_hosts stay valid across restarts.

use anyhow::{Context, bail};
use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, PrivateKey};
use std::path::Path;

/// Loads the key at `path`, creating it (and its folder) on first start.
pub fn load_or_create(path: &Path) -> anyhow::Result<PrivateKey> {
    match std::fs::metadata(path) {
        Ok(meta) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    bail!(
                        "host key {} is readable by others (mode {mode:o}); run `chmod 600 {}`",
                        path.display(),
                        path.display()
                    );
                }
            }
            let _ = meta;
            PrivateKey::read_openssh_file(path)
                .with_context(|| format!("cannot read host key {}", path.display()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(e) => Err(e).with_context(|| format!("cannot read host key {}", path.display())),
    }
}

fn create(path: &Path) -> anyhow::Result<PrivateKey> {
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .context("cannot generate a host key")?;
    let text = key
        .to_openssh(LineEnding::LF)
        .context("cannot encode the host key")?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // Exclusive: two servers starting at once must not both write a key.
    crate::atomic::create_private(path, text.as_bytes())
        .with_context(|| format!("cannot create host key {}", path.display()))?;
    super::log(&format!(
        "generated host key {} ({})",
        path.display(),
        key.public_key().fingerprint(Default::default())
    ));
    Ok(key)
}

#[cfg(test)]
mod tests {
    #[test]
    fn created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/host_key");
        let a = super::load_or_create(&path).unwrap();
        let b = super::load_or_create(&path).unwrap();
        assert_eq!(a.public_key().key_data(), b.public_key().key_data());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
}
