use super::*;

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn gate(limits: Limits) -> Arc<Gate> {
    Gate::new(Limits {
        rate_per_address: 1000,
        ..limits
    })
}

#[test]
fn per_address_cap() {
    let gate = gate(Limits {
        max_per_address: 2,
        ..Limits::default()
    });
    let a = ip("127.0.0.1");
    let t1 = gate.admit(a, 0).unwrap();
    let _t2 = gate.admit(a, 0).unwrap();
    assert_eq!(gate.admit(a, 0).err(), Some(Refusal::TooManyFromAddress));
    assert!(gate.admit(ip("127.0.0.2"), 0).is_ok());
    drop(t1);
    assert!(gate.admit(a, 0).is_ok());
}

/// A flood of silent connections fills the unauthenticated budget; a
/// newcomer still gets in, displacing the oldest silent one, and the
/// sessions already logged in are untouched.
#[test]
fn silent_connections_are_displaced_and_sessions_are_reserved() {
    let gate = gate(Limits {
        max_connections: 2,
        max_per_address: 100,
        startups: Startups {
            start: 2,
            rate: 30,
            full: 4,
        },
        ..Limits::default()
    });
    let (mut worker, _) = gate.admit(ip("127.0.0.1"), 99).unwrap();
    gate.spoke(worker.id());
    worker.promote().unwrap();
    let mut flood: Vec<_> = (0..4)
        .map(|i| gate.admit(ip(&format!("127.0.1.{i}")), 99).unwrap())
        .collect();
    assert_eq!(gate.startups(ip("127.0.1.0")), (4, 1));
    // Full: the next one evicts the oldest silent connection.
    let (newcomer, _) = gate.admit(ip("127.0.0.3"), 99).unwrap();
    assert_eq!(gate.startups(ip("127.0.1.0")), (4, 0), "the oldest went");
    let fired = flood.remove(0).1;
    assert!(
        futures_ready(fired.notified()),
        "the evicted connection is told"
    );
    // Once every waiting connection has spoken, a full budget refuses.
    gate.spoke(newcomer.id());
    for (t, _) in &flood {
        gate.spoke(t.id());
    }
    assert_eq!(
        gate.admit(ip("127.0.0.4"), 0).err(),
        Some(Refusal::Startups)
    );
    // The session slot freed by nobody: one left for a login.
    let mut newcomer = newcomer;
    newcomer.promote().unwrap();
    let (mut third, _) = {
        drop(flood.remove(0));
        gate.admit(ip("127.0.0.5"), 99).unwrap()
    };
    assert_eq!(third.promote().err(), Some(Refusal::Full));
}

/// Whether a `notified()` future is ready now (a stored permit).
fn futures_ready(f: tokio::sync::futures::Notified<'_>) -> bool {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_millis(1), f)
            .await
            .is_ok()
    })
}

#[test]
fn early_drop_follows_the_rate() {
    let gate = gate(Limits {
        max_per_address: 100,
        startups: Startups {
            start: 1,
            rate: 50,
            full: 3,
        },
        ..Limits::default()
    });
    let a = ip("127.0.0.1");
    let (first, _) = gate.admit(a, 0).unwrap();
    gate.spoke(first.id());
    // At start: refused below the rate, admitted at or above it.
    assert_eq!(gate.admit(a, 49).err(), Some(Refusal::Startups));
    let (second, _) = gate.admit(a, 50).unwrap();
    gate.spoke(second.id());
    // Halfway to full: 75%.
    assert_eq!(gate.admit(a, 74).err(), Some(Refusal::Startups));
    assert!(gate.admit(a, 75).is_ok());
}

#[test]
fn new_connections_per_address_are_rate_limited() {
    let gate = Gate::new(Limits {
        rate_per_address: 3,
        max_per_address: 100,
        ..Limits::default()
    });
    let a = ip("127.0.0.1");
    let held: Vec<_> = (0..3).map(|_| gate.admit(a, 99).unwrap()).collect();
    assert_eq!(gate.admit(a, 99).err(), Some(Refusal::TooFast));
    assert!(gate.admit(ip("127.0.0.2"), 99).is_ok(), "per address");
    drop(held);
}

#[test]
fn a_connection_that_ends_unauthenticated_is_one_failure() {
    let gate = gate(Limits {
        max_failures: 2,
        ..Limits::default()
    });
    let a = ip("10.0.0.1");
    let (mut ok, _) = gate.admit(a, 0).unwrap();
    ok.promote().unwrap();
    drop(ok);
    assert!(!gate.blocked(a), "a login is no failure");
    drop(gate.admit(a, 0).unwrap());
    assert!(!gate.blocked(a));
    drop(gate.admit(a, 0).unwrap());
    assert!(gate.blocked(a));
    assert_eq!(gate.admit(a, 0).err(), Some(Refusal::TooManyFailures));
}

#[test]
fn failures_block_an_address_for_the_window() {
    let gate = gate(Limits {
        max_failures: 3,
        failure_window: Duration::from_millis(200),
        ..Limits::default()
    });
    let a = ip("10.0.0.1");
    for _ in 0..3 {
        gate.failed(a);
    }
    assert!(gate.blocked(a));
    assert!(!gate.blocked(ip("10.0.0.2")));
    let start = Instant::now();
    while gate.blocked(a) {
        assert!(start.elapsed() < Duration::from_secs(10), "never unblocked");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn dashboards_per_key_and_screen_memory() {
    let gate = gate(Limits {
        max_per_key: 2,
        screen_budget: 100 * BYTES_PER_CELL,
        ..Limits::default()
    });
    let a = gate.dashboard("alice", 10).unwrap();
    let _b = gate.dashboard("alice", 10).unwrap();
    assert_eq!(
        gate.dashboard("alice", 10).err(),
        Some(Refusal::TooManyForKey)
    );
    let mut bob = gate.dashboard("bob", 70).unwrap();
    assert_eq!(
        gate.dashboard("carol", 11).err(),
        Some(Refusal::ScreenMemory)
    );
    assert!(!bob.resize(81), "no growth past the budget");
    assert!(bob.resize(80));
    drop(a);
    assert!(gate.dashboard("alice", 10).is_ok());
}
