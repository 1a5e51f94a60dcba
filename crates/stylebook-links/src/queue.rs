//! The work queue: which request may start now.
//!
//! There is one worker thread per unit of total concurrency, and each makes one request at a
//! time, so the total can never be exceeded. Per host, a request needs one of the host's
//! slots, held only while it talks to that host: a worker holds at most one slot at a time
//! (it gives it back before it follows a redirect to another host), so workers cannot wait
//! on each other in a cycle. A host that answered `429` or `503` is left alone until the time
//! it named, and a job that is to be retried waits until its own time.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A document to fetch: one request (or a few, with redirects and retries) for every link
/// to it.
#[derive(Debug)]
pub(crate) struct Job {
    /// Index of the document in the run.
    pub(crate) doc: usize,
    /// The host of its URL, as [`crate::uri::host_key`] gives it.
    pub(crate) host: String,
    /// How many times it was retried.
    pub(crate) attempt: u32,
    /// Not to start before then.
    pub(crate) not_before: Option<Instant>,
}

/// The jobs not yet taken, and the state of every host.
pub(crate) struct Queue {
    per_host: usize,
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    pending: VecDeque<Job>,
    hosts: HashMap<String, Host>,
    /// Jobs not finished: pending or under way.
    unfinished: usize,
}

#[derive(Default)]
struct Host {
    active: usize,
    not_before: Option<Instant>,
}

/// A host slot, given back when dropped.
pub(crate) struct Slot<'q> {
    queue: &'q Queue,
    host: String,
}

/// How long a waiting worker sleeps at most before it looks at the stop flag again.
const POLL: Duration = Duration::from_millis(100);

impl Queue {
    pub(crate) fn new(jobs: Vec<Job>, per_host: usize) -> Self {
        Queue {
            per_host: per_host.max(1),
            state: Mutex::new(State {
                unfinished: jobs.len(),
                pending: jobs.into(),
                hosts: HashMap::new(),
            }),
            changed: Condvar::new(),
        }
    }

    /// The next job that may start, with a slot of its host; `None` once every job is
    /// finished or `stop` says so.
    pub(crate) fn next(&self, stop: &dyn Fn() -> bool) -> Option<(Job, Slot<'_>)> {
        let mut state = self.lock();
        loop {
            if state.unfinished == 0 || stop() {
                return None;
            }
            let now = Instant::now();
            let mut wake: Option<Instant> = None;
            let mut chosen = None;
            for (i, job) in state.pending.iter().enumerate() {
                let host = state.hosts.get(&job.host);
                let ready_at = job.not_before.max(host.and_then(|h| h.not_before));
                if let Some(at) = ready_at.filter(|at| *at > now) {
                    wake = Some(wake.map_or(at, |w| w.min(at)));
                    continue;
                }
                if host.is_none_or(|h| h.active < self.per_host) {
                    chosen = Some(i);
                    break;
                }
            }
            if let Some(job) = chosen.and_then(|i| state.pending.remove(i)) {
                let host = job.host.clone();
                state.hosts.entry(host.clone()).or_default().active += 1;
                return Some((job, Slot { queue: self, host }));
            }
            let wait = wake.map_or(POLL, |at| at.saturating_duration_since(now).min(POLL));
            state = self.wait(state, wait);
        }
    }

    /// A slot of `host`, waiting as long as it takes (for a redirect to another host).
    pub(crate) fn slot(&self, host: &str) -> Slot<'_> {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            let entry = state.hosts.entry(host.to_owned()).or_default();
            match entry.not_before.filter(|at| *at > now) {
                Some(at) => {
                    let wait = at.saturating_duration_since(now).min(POLL);
                    state = self.wait(state, wait);
                }
                None if entry.active < self.per_host => {
                    entry.active += 1;
                    return Slot {
                        queue: self,
                        host: host.to_owned(),
                    };
                }
                None => state = self.wait(state, POLL),
            }
        }
    }

    /// Puts a job back, to start again at its `not_before`.
    pub(crate) fn retry(&self, job: Job) {
        self.lock().pending.push_back(job);
        self.changed.notify_all();
    }

    /// Leaves `host` alone until `until`.
    pub(crate) fn back_off(&self, host: &str, until: Instant) {
        let mut state = self.lock();
        let entry = state.hosts.entry(host.to_owned()).or_default();
        entry.not_before = Some(entry.not_before.map_or(until, |t| t.max(until)));
    }

    /// Marks a job taken from [`Queue::next`] as finished.
    pub(crate) fn finish(&self) {
        let mut state = self.lock();
        state.unfinished = state.unfinished.saturating_sub(1);
        drop(state);
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A worker that panicked cannot leave the counts half-changed: every change is one
        // statement. Carry on with the state as it is.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn wait<'a>(&self, state: MutexGuard<'a, State>, wait: Duration) -> MutexGuard<'a, State> {
        match self.changed.wait_timeout(state, wait) {
            Ok((state, _)) => state,
            Err(e) => e.into_inner().0,
        }
    }
}

impl Slot<'_> {
    /// The host this slot is for.
    pub(crate) fn host(&self) -> &str {
        &self.host
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut state = self.queue.lock();
        if let Some(host) = state.hosts.get_mut(&self.host) {
            host.active = host.active.saturating_sub(1);
        }
        drop(state);
        self.queue.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn job(doc: usize, host: &str) -> Job {
        Job {
            doc,
            host: host.to_owned(),
            attempt: 0,
            not_before: None,
        }
    }

    #[test]
    fn a_host_never_gets_more_than_its_slots() {
        let jobs = (0..40).map(|i| job(i, ["a", "b"][i % 2])).collect();
        let queue = Queue::new(jobs, 3);
        let active = [AtomicUsize::new(0), AtomicUsize::new(0)];
        let peak = [AtomicUsize::new(0), AtomicUsize::new(0)];
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    while let Some((job, slot)) = queue.next(&|| false) {
                        let h = usize::from(slot.host() == "b");
                        let now = active[h].fetch_add(1, Ordering::SeqCst) + 1;
                        peak[h].fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(2));
                        active[h].fetch_sub(1, Ordering::SeqCst);
                        drop((job, slot));
                        queue.finish();
                    }
                });
            }
        });
        assert_eq!(peak[0].load(Ordering::SeqCst), 3);
        assert_eq!(peak[1].load(Ordering::SeqCst), 3);
    }

    #[test]
    fn a_host_backed_off_waits_and_others_go_on() {
        let queue = Queue::new(vec![job(0, "slow"), job(1, "fast")], 1);
        let until = Instant::now() + Duration::from_millis(150);
        queue.back_off("slow", until);
        let (first, slot) = queue.next(&|| false).expect("a job");
        assert_eq!(first.doc, 1, "the host that is not backed off goes first");
        drop(slot);
        queue.finish();
        let (second, _slot) = queue.next(&|| false).expect("a job");
        assert_eq!(second.doc, 0);
        assert!(Instant::now() >= until);
    }

    #[test]
    fn stop_ends_the_wait() {
        let queue = Queue::new(vec![job(0, "a")], 1);
        assert!(queue.next(&|| true).is_none());
    }
}
