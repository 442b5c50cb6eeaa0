//! Sessions take turns to update and draw: a fair (first come, first
//! served) pool of as many turns as the machine has cores, run off the
//! async executor's threads. A session that asks again after its turn
//! queues behind everyone already waiting, so sixteen busy sessions cannot
//! starve a seventeenth, and the connections' network tasks keep running.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Semaphore;

/// The render pool every dashboard of a server shares.
pub struct Turns {
    slots: Semaphore,
    /// Sessions queued for a turn.
    waiting: AtomicUsize,
}

impl Turns {
    /// A pool of `n` turns at once (at least one).
    pub fn new(n: usize) -> Turns {
        Turns {
            slots: Semaphore::new(n.max(1)),
            waiting: AtomicUsize::new(0),
        }
    }

    /// Waits for a turn, then runs `work` on this thread with the executor
    /// told to move its other tasks elsewhere meanwhile. Needs the
    /// multi-threaded runtime `serve` runs on.
    pub async fn run<T>(&self, work: impl FnOnce() -> T) -> T {
        let mut acquire = pin!(self.slots.acquire());
        let mut queued = false;
        let turn = poll_fn(|cx| {
            let poll = acquire.as_mut().poll(cx);
            // Counted once the request is in the semaphore's queue.
            if poll.is_pending() && !queued {
                queued = true;
                self.waiting.fetch_add(1, Ordering::SeqCst);
            }
            poll
        })
        .await;
        if queued {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
        }
        let _turn = turn.expect("the pool is never closed");
        tokio::task::block_in_place(work)
    }

    #[cfg(test)]
    pub(super) fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    async fn until_waiting(turns: &Turns, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while turns.waiting() != n {
            assert!(Instant::now() < deadline, "never {n} waiting");
            tokio::task::yield_now().await;
        }
    }

    /// One turn, held; another session queues, then the holder asks again:
    /// the other goes first.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sessions_are_served_in_turn() {
        let turns = Arc::new(Turns::new(1));
        let order = Arc::new(Mutex::new(Vec::new()));
        let (held_tx, held_rx) = tokio::sync::oneshot::channel();
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let spawn = |name: &'static str| {
            let (turns, order) = (turns.clone(), order.clone());
            tokio::spawn(async move { turns.run(|| order.lock().unwrap().push(name)).await })
        };
        let busy = {
            let turns = turns.clone();
            tokio::spawn(async move {
                turns
                    .run(move || {
                        held_tx.send(()).unwrap();
                        release_rx.recv_timeout(Duration::from_secs(60)).unwrap();
                    })
                    .await;
            })
        };
        held_rx.await.unwrap();
        let other = spawn("other");
        until_waiting(&turns, 1).await;
        let again = spawn("busy again");
        until_waiting(&turns, 2).await;
        assert!(
            order.lock().unwrap().is_empty(),
            "nobody ran during a held turn"
        );
        release_tx.send(()).unwrap();
        busy.await.unwrap();
        other.await.unwrap();
        again.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["other", "busy again"]);
    }
}
