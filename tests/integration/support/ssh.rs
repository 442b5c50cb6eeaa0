//! A real `coopdash serve` on a free loopback port, real keys made with
//! `ssh-keygen`, and the real OpenSSH client.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A workspace copy with keys for `alice` and `bob` (authorized) and
/// `mallory` (not).
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        super::copy_seed_to(&ws);
        std::fs::create_dir_all(ws.join(".coopdash")).unwrap();
        let mut authorized = String::new();
        for who in ["alice", "bob", "mallory"] {
            let key = dir.path().join(who);
            let ok = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-C"])
                .arg(format!("{who}@example"))
                .arg("-f")
                .arg(&key)
                .status()
                .unwrap();
            assert!(ok.success());
            if who != "mallory" {
                authorized.push_str(&std::fs::read_to_string(key.with_extension("pub")).unwrap());
            }
        }
        std::fs::write(ws.join(".coopdash/authorized_keys"), authorized).unwrap();
        Fixture { dir }
    }

    pub fn workspace(&self) -> PathBuf {
        self.dir.path().join("ws")
    }

    pub fn key(&self, who: &str) -> PathBuf {
        self.dir.path().join(who)
    }
}

/// A running server; killed on drop.
pub struct Server {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    pub fn start(fixture: &Fixture, extra: &[&str]) -> Server {
        Server::start_env(fixture, extra, &[])
    }

    /// [`Server::start`] with these environment variables set.
    pub fn start_env(fixture: &Fixture, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = fixture.dir.path().join(format!("serve-{port}.log"));
        let child = super::coopdash()
            .envs(env.iter().copied())
            .arg("serve")
            .arg("--workspace")
            .arg(fixture.workspace())
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let server = Server { child, port, log };
        server.wait_log("listening on", Duration::from_secs(60));
        server
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn wait_log(&self, text: &str, timeout: Duration) {
        let start = Instant::now();
        while !self.log_text().contains(text) {
            assert!(
                start.elapsed() < timeout,
                "server log never said {text:?}:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends a signal and waits for the process to end.
    pub fn stop(&mut self, signal: &str) -> std::process::ExitStatus {
        Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "server did not stop:\n{}",
                self.log_text()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `ssh` arguments for logging in with `key`.
    pub fn ssh_args(&self, key: &Path) -> Vec<String> {
        let mut args: Vec<String> = [
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "ConnectTimeout=10",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend([
            "-i".into(),
            key.display().to_string(),
            "-p".into(),
            self.port.to_string(),
        ]);
        args
    }

    /// A shell command line running ssh with `key` and extra arguments.
    pub fn ssh_command(&self, key: &Path, extra: &str) -> String {
        format!("ssh {} {extra} 127.0.0.1", self.ssh_args(key).join(" "))
    }

    /// Runs ssh to completion (no terminal): `options` before the host,
    /// `command` after it.
    pub fn ssh(&self, key: &Path, options: &[&str], command: &[&str]) -> Output {
        Command::new("ssh")
            .args(self.ssh_args(key))
            .args(options)
            .arg("127.0.0.1")
            .args(command)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
