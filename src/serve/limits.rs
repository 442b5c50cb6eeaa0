//! Admission control. Connections that have not authenticated live in a
//! budget of their own ([`Startups`], OpenSSH's `MaxStartups`), so strangers
//! can never take the slots of working sessions; each address may open only
//! so many connections per second; failed logins block an address for a
//! while. Dashboards are capped per key and share one screen-memory budget.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// OpenSSH's `MaxStartups start:rate:full` for unauthenticated connections:
/// below `start` all are admitted; from `start` on a newcomer is refused
/// with probability `rate`%, rising linearly to 100% at `full`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Startups {
    /// Unauthenticated connections always admitted.
    pub start: usize,
    /// Refusal probability (percent) at `start`.
    pub rate: u32,
    /// Unauthenticated connections at most.
    pub full: usize,
}

impl std::str::FromStr for Startups {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("`{s}` is not START:RATE:FULL (e.g. 10:30:60)");
        let parts: Vec<&str> = s.split(':').collect();
        let [start, rate, full] = parts[..] else {
            return Err(bad());
        };
        let out = Startups {
            start: start.parse().map_err(|_| bad())?,
            rate: rate.parse().map_err(|_| bad())?,
            full: full.parse().map_err(|_| bad())?,
        };
        if out.start > out.full || out.rate > 100 || out.full == 0 {
            return Err(format!("`{s}`: need START <= FULL, FULL > 0, RATE <= 100"));
        }
        Ok(out)
    }
}

/// Estimated screen memory of one dashboard per terminal cell: ratatui's
/// two buffers and the frame being sent (a 1000×1000 session measured 94 MB).
pub const BYTES_PER_CELL: usize = 96;

/// The numbers `serve` enforces.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Authenticated connections at once (strangers never count here).
    pub max_connections: usize,
    /// Open connections from one address, authenticated or not.
    pub max_per_address: usize,
    /// The budget of unauthenticated connections.
    pub startups: Startups,
    /// New connections per second from one address (a burst of as many).
    pub rate_per_address: u32,
    /// Time a new connection has to send its SSH banner.
    pub banner_grace: Duration,
    /// Failed authentications from one address within `failure_window`
    /// before further attempts from it are refused.
    pub max_failures: usize,
    /// The window for `max_failures`.
    pub failure_window: Duration,
    /// Authentication attempts (offered keys included) within one connection.
    pub max_auth_attempts: usize,
    /// Time allowed to authenticate after connecting.
    pub login_grace: Duration,
    /// A session with no input for this long is closed.
    pub idle_timeout: Duration,
    /// Dashboards open at once with one key.
    pub max_per_key: usize,
    /// Largest terminal drawn, columns × rows; larger ones are clamped.
    pub max_pty: (u16, u16),
    /// Screen memory of all dashboards together, in bytes.
    pub screen_budget: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 64,
            max_per_address: 8,
            startups: Startups {
                start: 10,
                rate: 30,
                full: 60,
            },
            rate_per_address: 10,
            banner_grace: Duration::from_secs(5),
            max_failures: 10,
            failure_window: Duration::from_secs(60),
            max_auth_attempts: 6,
            login_grace: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30 * 60),
            max_per_key: 4,
            max_pty: (500, 200),
            screen_budget: 512 << 20,
        }
    }
}

/// An unauthenticated connection.
struct Startup {
    ip: IpAddr,
    /// Whether it sent its SSH banner; a silent one may be evicted.
    spoke: bool,
    evict: Arc<Notify>,
}

/// A token bucket of new connections for one address.
struct Bucket {
    tokens: f64,
    at: Instant,
}

#[derive(Default)]
struct Counts {
    sessions: usize,
    open: HashMap<IpAddr, usize>,
    failures: HashMap<IpAddr, VecDeque<Instant>>,
    /// By admission order, so the first silent one is the oldest.
    startups: BTreeMap<u64, Startup>,
    next_id: u64,
    buckets: HashMap<IpAddr, Bucket>,
    per_key: HashMap<String, usize>,
    screen: usize,
}

/// Shared admission state.
pub struct Gate {
    limits: Limits,
    counts: Mutex<Counts>,
}

/// Held for as long as a connection is open: first in the startup budget,
/// then (once [`Ticket::promote`]d) as a session.
pub struct Ticket {
    gate: Arc<Gate>,
    ip: IpAddr,
    id: u64,
    session: bool,
    /// Whether ending unauthenticated counts as a failed login.
    blame: bool,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let unauthenticated = !self.session && self.blame;
        {
            let mut c = self.gate.lock();
            if self.session {
                c.sessions -= 1;
            } else {
                c.startups.remove(&self.id);
            }
            if let Some(n) = c.open.get_mut(&self.ip) {
                *n -= 1;
                if *n == 0 {
                    c.open.remove(&self.ip);
                }
            }
        }
        // One failure per connection that ends without logging in, however
        // many keys it offered.
        if unauthenticated {
            self.gate.failed(self.ip);
        }
    }
}

impl Ticket {
    /// The connection's number, for [`Gate::spoke`].
    pub fn id(&self) -> u64 {
        self.id
    }

    /// Moves an authenticated connection out of the startup budget into
    /// the sessions; refused when every session slot is taken.
    pub fn promote(&mut self) -> Result<(), Refusal> {
        if self.session {
            return Ok(());
        }
        let mut c = self.gate.lock();
        if c.sessions >= self.gate.limits.max_connections {
            self.blame = false;
            return Err(Refusal::Full);
        }
        c.startups.remove(&self.id);
        c.sessions += 1;
        self.session = true;
        Ok(())
    }
}

/// Why a connection or dashboard was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Every session slot is taken.
    Full,
    /// The unauthenticated budget is full (or its early drop struck).
    Startups,
    /// Too many connections from this address.
    TooManyFromAddress,
    /// New connections from this address come too fast.
    TooFast,
    /// Too many failed logins from this address lately.
    TooManyFailures,
    /// This key has its most dashboards open.
    TooManyForKey,
    /// The screen memory budget cannot hold this dashboard.
    ScreenMemory,
}

/// A dashboard's place: one of its key's, and its screen memory.
pub struct Dashboard {
    gate: Arc<Gate>,
    key: String,
    bytes: usize,
}

impl Dashboard {
    /// Re-reserves screen memory for a terminal of `cells` cells; `false`
    /// (and nothing changed) when the budget cannot hold it.
    pub fn resize(&mut self, cells: usize) -> bool {
        let bytes = cells.saturating_mul(BYTES_PER_CELL);
        let mut c = self.gate.lock();
        let others = c.screen - self.bytes;
        if others.saturating_add(bytes) > self.gate.limits.screen_budget {
            return false;
        }
        c.screen = others + bytes;
        self.bytes = bytes;
        true
    }
}

impl Drop for Dashboard {
    fn drop(&mut self) {
        let mut c = self.gate.lock();
        c.screen -= self.bytes;
        if let Some(n) = c.per_key.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                c.per_key.remove(&self.key);
            }
        }
    }
}

/// Addresses whose rate bucket is kept before full buckets are forgotten.
const BUCKETS_KEPT: usize = 4096;

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

    /// Admits a new connection from `ip` into the unauthenticated budget,
    /// or says why not. The [`Notify`] fires if a later newcomer evicts it
    /// while it has still not sent its banner. `roll` is a number in
    /// 0..100 for the early drop.
    pub fn admit(
        self: &Arc<Self>,
        ip: IpAddr,
        roll: u32,
    ) -> Result<(Ticket, Arc<Notify>), Refusal> {
        if self.blocked(ip) {
            return Err(Refusal::TooManyFailures);
        }
        let now = Instant::now();
        let mut c = self.lock();
        if !self.take_token(&mut c, ip, now) {
            return Err(Refusal::TooFast);
        }
        if c.open.get(&ip).copied().unwrap_or(0) >= self.limits.max_per_address {
            return Err(Refusal::TooManyFromAddress);
        }
        let Startups { start, rate, full } = self.limits.startups;
        let waiting = c.startups.len();
        if waiting >= start {
            let drop_chance = if waiting >= full {
                100
            } else {
                let span = (full - start).max(1) as u64;
                rate as u64 + (100 - rate as u64) * (waiting - start) as u64 / span
            };
            if (roll as u64) < drop_chance {
                // Rather than refuse someone who speaks, drop the oldest
                // connection that never said a word: a flood of silent
                // sockets then only ever displaces itself.
                let silent = c.startups.iter().find(|(_, s)| !s.spoke).map(|(id, _)| *id);
                match silent.and_then(|id| c.startups.remove(&id)) {
                    Some(old) => old.evict.notify_one(),
                    None => return Err(Refusal::Startups),
                }
            }
        }
        let id = c.next_id;
        c.next_id += 1;
        let evict = Arc::new(Notify::new());
        c.startups.insert(
            id,
            Startup {
                ip,
                spoke: false,
                evict: evict.clone(),
            },
        );
        *c.open.entry(ip).or_default() += 1;
        let ticket = Ticket {
            gate: self.clone(),
            ip,
            id,
            session: false,
            blame: true,
        };
        Ok((ticket, evict))
    }

    /// One new connection from `ip` out of its bucket, if there is one.
    fn take_token(&self, c: &mut Counts, ip: IpAddr, now: Instant) -> bool {
        let rate = self.limits.rate_per_address.max(1) as f64;
        if c.buckets.len() > BUCKETS_KEPT {
            c.buckets
                .retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < rate);
        }
        let bucket = c.buckets.entry(ip).or_insert(Bucket {
            tokens: rate,
            at: now,
        });
        bucket.tokens =
            (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate).min(rate);
        bucket.at = now;
        if bucket.tokens < 1.0 {
            return false;
        }
        bucket.tokens -= 1.0;
        true
    }

    /// Notes that connection `id` sent its banner: it is no longer evicted
    /// for silence.
    pub fn spoke(&self, id: u64) {
        if let Some(s) = self.lock().startups.get_mut(&id) {
            s.spoke = true;
        }
    }

    /// Unauthenticated connections open now, and how many of them are from
    /// `ip`.
    pub fn startups(&self, ip: IpAddr) -> (usize, usize) {
        let c = self.lock();
        let from = c.startups.values().filter(|s| s.ip == ip).count();
        (c.startups.len(), from)
    }

    /// A dashboard for `key` at `cells` terminal cells, or why not.
    pub fn dashboard(self: &Arc<Self>, key: &str, cells: usize) -> Result<Dashboard, Refusal> {
        let bytes = cells.saturating_mul(BYTES_PER_CELL);
        let mut c = self.lock();
        if c.per_key.get(key).copied().unwrap_or(0) >= self.limits.max_per_key {
            return Err(Refusal::TooManyForKey);
        }
        if c.screen.saturating_add(bytes) > self.limits.screen_budget {
            return Err(Refusal::ScreenMemory);
        }
        c.screen += bytes;
        *c.per_key.entry(key.to_string()).or_default() += 1;
        Ok(Dashboard {
            gate: self.clone(),
            key: key.to_string(),
            bytes,
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
mod tests;
