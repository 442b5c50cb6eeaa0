//! Admission control: how many sessions in total and per address, how many
//! failed logins an address may make before it is turned away for a while.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The numbers `serve` enforces.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Open connections in total.
    pub max_connections: usize,
    /// Open connections from one address.
    pub max_per_address: usize,
    /// Failed authentications from one address within `failure_window`
    /// before further attempts from it are refused.
    pub max_failures: usize,
    /// The window for `max_failures`.
    pub failure_window: Duration,
    /// Authentication attempts within one connection.
    pub max_auth_attempts: usize,
    /// Time allowed to authenticate after connecting.
    pub login_grace: Duration,
    /// A session with no input for this long is closed.
    pub idle_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 64,
            max_per_address: 8,
            max_failures: 10,
            failure_window: Duration::from_secs(60),
            max_auth_attempts: 6,
            login_grace: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30 * 60),
        }
    }
}

#[derive(Default)]
struct Counts {
    total: usize,
    open: HashMap<IpAddr, usize>,
    failures: HashMap<IpAddr, VecDeque<Instant>>,
}

/// Shared admission state.
pub struct Gate {
    limits: Limits,
    counts: Mutex<Counts>,
}

/// Held for as long as a connection is open.
pub struct Ticket {
    gate: Arc<Gate>,
    ip: IpAddr,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut c = self.gate.lock();
        c.total = c.total.saturating_sub(1);
        if let Some(n) = c.open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                c.open.remove(&self.ip);
            }
        }
    }
}

/// Why a connection was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Too many connections in total.
    Full,
    /// Too many connections from this address.
    TooManyFromAddress,
    /// Too many failed logins from this address lately.
    TooManyFailures,
}

impl Gate {
    /// A gate enforcing `limits`.
    pub fn new(limits: Limits) -> Arc<Gate> {
        Arc::new(Gate {
            limits,
            counts: Mutex::default(),
        })
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Admits a new connection from `ip`, or says why not.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Ticket, Refusal> {
        if self.blocked(ip) {
            return Err(Refusal::TooManyFailures);
        }
        let mut c = self.lock();
        if c.total >= self.limits.max_connections {
            return Err(Refusal::Full);
        }
        let open = c.open.entry(ip).or_default();
        if *open >= self.limits.max_per_address {
            return Err(Refusal::TooManyFromAddress);
        }
        *open += 1;
        c.total += 1;
        Ok(Ticket {
            gate: self.clone(),
            ip,
        })
    }

    /// Records a failed authentication from `ip`.
    pub fn failed(&self, ip: IpAddr) {
        let now = Instant::now();
        let mut c = self.lock();
        let list = c.failures.entry(ip).or_default();
        list.push_back(now);
        // Keep the map small: at most max_failures + 1 stamps an address.
        while list.len() > self.limits.max_failures + 1 {
            list.pop_front();
        }
    }

    /// Whether `ip` failed too often within the window.
    pub fn blocked(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let window = self.limits.failure_window;
        let mut c = self.lock();
        let Some(list) = c.failures.get_mut(&ip) else {
            return false;
        };
        while list
            .front()
            .is_some_and(|t| now.duration_since(*t) > window)
        {
            list.pop_front();
        }
        if list.is_empty() {
            c.failures.remove(&ip);
            return false;
        }
        list.len() >= self.limits.max_failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_address_and_total_caps() {
        let gate = Gate::new(Limits {
            max_connections: 3,
            max_per_address: 2,
            ..Limits::default()
        });
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        let t1 = gate.admit(a).unwrap();
        let _t2 = gate.admit(a).unwrap();
        assert_eq!(gate.admit(a).err(), Some(Refusal::TooManyFromAddress));
        let _t3 = gate.admit(b).unwrap();
        assert_eq!(gate.admit(b).err(), Some(Refusal::Full));
        drop(t1);
        assert!(gate.admit(a).is_ok());
    }

    #[test]
    fn failures_block_an_address_for_the_window() {
        let gate = Gate::new(Limits {
            max_failures: 3,
            failure_window: Duration::from_millis(200),
            ..Limits::default()
        });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        for _ in 0..3 {
            gate.failed(a);
        }
        assert!(gate.blocked(a));
        assert_eq!(gate.admit(a).err(), Some(Refusal::TooManyFailures));
        assert!(!gate.blocked("10.0.0.2".parse().unwrap()));
        std::thread::sleep(Duration::from_millis(250));
        assert!(!gate.blocked(a));
    }
}
