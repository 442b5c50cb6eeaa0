//! One notes store shared by every session of a process (the local
//! dashboard, or all `serve` connections), with listeners told whenever
//! the notes changed: after a session saved, or when the folder watcher saw
//! another process write.

use super::{NotesError, Store, Watcher, watch::POLL};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, Weak};

type Listener = Box<dyn Fn() + Send + Sync>;

/// The store behind a lock, and who to tell about changes.
pub struct SharedNotes {
    store: Mutex<Store>,
    listeners: Mutex<Vec<Listener>>,
}

impl SharedNotes {
    /// Opens the notes folder `dir` (a missing folder is empty until the
    /// first save creates it).
    pub fn open(dir: &Path) -> Result<Arc<SharedNotes>, NotesError> {
        Ok(Arc::new(SharedNotes {
            store: Mutex::new(Store::open(dir)?),
            listeners: Mutex::default(),
        }))
    }

    /// The store, locked. Keep the guard short: every session waits on it.
    pub fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Calls `listener` (from any thread) after every change.
    pub fn subscribe(&self, listener: impl Fn() + Send + Sync + 'static) {
        self.listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Box::new(listener));
    }

    /// Tells every listener the notes changed.
    pub fn changed(&self) {
        for l in self
            .listeners
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            l();
        }
    }

    /// Watches the folder for other processes' writes: refreshes the store
    /// and tells the listeners. Stops when the returned watcher is dropped.
    pub fn watch(self: &Arc<Self>) -> Watcher {
        let me: Weak<SharedNotes> = Arc::downgrade(self);
        self.lock().watch(POLL, move || {
            let Some(me) = me.upgrade() else { return false };
            let changed = me.lock().refresh().map(|c| !c.is_empty()).unwrap_or(true);
            if changed {
                me.changed();
            }
            true
        })
    }
}
