//! The russh client, for tests that need what OpenSSH does not offer: a
//! chosen 127.x.y.z source address, several channels on one connection,
//! a signed login straight after a failed one.

use russh::client::{self, Handle};
use russh::keys::{PrivateKeyWithHashAlg, load_secret_key};
use russh::{Channel, ChannelMsg};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Accepts any host key: the server is the test's own.
pub struct Trusting;

impl client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

/// A runtime for one test's clients.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A TCP connection to `127.0.0.1:port` from `source`.
pub fn tcp_from(source: &str, port: u16) -> std::io::Result<std::net::TcpStream> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    let from: std::net::SocketAddr = format!("{source}:0").parse().unwrap();
    socket.bind(&from.into())?;
    let to: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    socket.connect_timeout(&to.into(), Duration::from_secs(10))?;
    Ok(socket.into())
}

/// An SSH connection from `source`, not yet logged in.
pub async fn connect(source: &str, port: u16) -> Result<Handle<Trusting>, String> {
    let std = tcp_from(source, port).map_err(|e| e.to_string())?;
    std.set_nonblocking(true).unwrap();
    let stream = tokio::net::TcpStream::from_std(std).map_err(|e| e.to_string())?;
    let config = Arc::new(client::Config::default());
    client::connect_stream(config, stream, Trusting)
        .await
        .map_err(|e| e.to_string())
}

/// A signed public-key login with the key at `path`: whether it succeeded.
pub async fn login(handle: &mut Handle<Trusting>, path: &Path) -> Result<bool, String> {
    let key = load_secret_key(path, None).map_err(|e| e.to_string())?;
    let key = PrivateKeyWithHashAlg::new(Arc::new(key), None);
    handle
        .authenticate_publickey("analyst", key)
        .await
        .map(|r| r.success())
        .map_err(|e| e.to_string())
}

/// Opens a session channel with a `cols`×`rows` pty and asks for a shell:
/// the channel if the server said yes to both, else why not.
pub async fn dashboard(
    handle: &Handle<Trusting>,
    cols: u32,
    rows: u32,
) -> Result<Channel<client::Msg>, String> {
    let mut channel = handle
        .channel_open_session()
        .await
        .map_err(|e| format!("channel refused: {e}"))?;
    channel
        .request_pty(true, "xterm", cols, rows, 0, 0, &[])
        .await
        .map_err(|e| e.to_string())?;
    reply(&mut channel).await?;
    channel
        .request_shell(true)
        .await
        .map_err(|e| e.to_string())?;
    reply(&mut channel).await?;
    Ok(channel)
}

/// The server's answer to the last request on `channel` (output before it
/// is skipped); a refusal carries what the server wrote to stderr.
async fn reply(channel: &mut Channel<client::Msg>) -> Result<(), String> {
    let mut said = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(60), channel.wait()).await {
            Ok(Some(ChannelMsg::Success)) => return Ok(()),
            Ok(Some(ChannelMsg::Failure)) => {
                // The message follows the refusal; take what came.
                while let Ok(Some(m)) =
                    tokio::time::timeout(Duration::from_secs(5), channel.wait()).await
                {
                    if let ChannelMsg::ExtendedData { data, .. } = m {
                        said.extend_from_slice(&data);
                    }
                }
                return Err(format!("refused: {}", String::from_utf8_lossy(&said)));
            }
            Ok(Some(ChannelMsg::ExtendedData { data, .. })) => said.extend_from_slice(&data),
            Ok(Some(_)) => {}
            Ok(None) => return Err("channel closed".into()),
            Err(_) => return Err("no answer in 60 s".into()),
        }
    }
}
