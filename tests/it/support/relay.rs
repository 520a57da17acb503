//! A TCP relay the test can cut (every relayed connection dropped, new ones refused) and
//! restore on the same port: a server restart as the app sees it.

use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

use super::peers::free_port;

/// Relays `127.0.0.1:port` to a target.
pub struct Relay {
    /// The port the app connects to.
    pub port: u16,
    target: String,
    task: Option<JoinHandle<()>>,
}

impl Relay {
    /// Relays a new port to `target` (`host:port`).
    pub async fn start(target: &str) -> Self {
        let mut relay = Self {
            port: free_port(),
            target: target.to_owned(),
            task: None,
        };
        relay.restore().await;
        relay
    }

    /// Drops every relayed connection and stops listening.
    pub fn cut(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every copy task and so
        // closes both ends of each relayed connection.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn restore(&mut self) {
        self.cut();
        let listener = TcpListener::bind(("127.0.0.1", self.port)).await.unwrap();
        let target = self.target.clone();
        self.task = Some(tokio::spawn(async move {
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                connections.spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                while connections.try_join_next().is_some() {}
            }
        }));
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.cut();
    }
}
