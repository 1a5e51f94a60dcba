//! The one thread pool of stylebook's crates: work on every core, results taken in order.
//!
//! The readers parse files ahead of the lowering with it (and inspect them, for the schema
//! check); the export's writers render their files with it. At most a few results wait ahead
//! of the consumer, so memory stays flat however many items there are, and results do not
//! depend on the number of threads or on their timing.
//!
//! One panic policy: a panic in the work is carried over to the calling thread, after the
//! other threads have stopped and been joined; a panic in the consumer stops the workers too.
//! A panic is a bug and is never turned into an error value.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread;

/// Below this much text, parsing stays on the calling thread: starting threads would cost
/// more than they save.
pub(crate) const PARALLEL_FROM_BYTES: usize = 64 * 1024;

/// How many threads parsing `bytes` of text is worth: one per core, or none but the caller's
/// for small inputs.
pub(crate) fn threads_for(bytes: usize) -> usize {
    if bytes < PARALLEL_FROM_BYTES {
        1
    } else {
        cores()
    }
}

/// The number of cores to run on.
pub fn cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `work` on every index below `count`, on up to `threads` threads, and hands each result
/// to `consume` in index order, on the calling thread (with one thread, `work` runs there too).
///
/// A panic in `work` is carried over to the calling thread; a panic in `consume` stops the
/// workers. Neither leaves a thread waiting.
///
/// ```
/// let mut squares = Vec::new();
/// stylebook_core::parallel::in_order(100, 4, |i| i * i, |_, square| squares.push(square));
/// assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
/// ```
pub fn in_order<O: Send>(
    count: usize,
    threads: usize,
    work: impl Fn(usize) -> O + Sync,
    mut consume: impl FnMut(usize, O),
) {
    let threads = threads.min(count);
    if threads <= 1 {
        for i in 0..count {
            consume(i, work(i));
        }
        return;
    }
    let queue = Queue {
        state: Mutex::new(State {
            claimed: 0,
            taken: 0,
            ready: HashMap::new(),
            stopped: false,
        }),
        changed: Condvar::new(),
        window: threads * 2 + 2,
        count,
    };
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    while let Some(i) = queue.claim() {
                        let result = panic::catch_unwind(AssertUnwindSafe(|| work(i)));
                        queue.finish(i, result);
                    }
                })
            })
            .collect();
        {
            // Stops the workers when the loop ends, also by a panic.
            let _stop = Stop(&queue);
            for i in 0..count {
                match queue.take(i) {
                    Ok(out) => consume(i, out),
                    Err(payload) => panic::resume_unwind(payload),
                }
            }
        }
        // Joined explicitly, the threads are gone, thread-local destructors run, on return.
        for worker in workers {
            if let Err(payload) = worker.join() {
                panic::resume_unwind(payload);
            }
        }
    });
}

/// The indices handed out and the results not yet taken.
struct Queue<O> {
    state: Mutex<State<O>>,
    changed: Condvar,
    /// How far ahead of the reader work may be.
    window: usize,
    count: usize,
}

/// A finished piece of work, or the panic it raised.
type Outcome<O> = thread::Result<O>;

struct State<O> {
    /// Indices below this one are claimed by a worker.
    claimed: usize,
    /// Results below this index have been taken by the reader.
    taken: usize,
    ready: HashMap<usize, Outcome<O>>,
    /// The reader is gone: claim nothing more.
    stopped: bool,
}

impl<O> Queue<O> {
    fn lock(&self) -> MutexGuard<'_, State<O>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State<O>>) -> MutexGuard<'a, State<O>> {
        self.changed
            .wait(guard)
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The next index to work on, once it is within the window; `None` when there is none.
    fn claim(&self) -> Option<usize> {
        let mut state = self.lock();
        loop {
            if state.stopped || state.claimed >= self.count {
                return None;
            }
            if state.claimed < state.taken + self.window {
                state.claimed += 1;
                return Some(state.claimed - 1);
            }
            state = self.wait(state);
        }
    }

    fn finish(&self, i: usize, outcome: Outcome<O>) {
        self.lock().ready.insert(i, outcome);
        self.changed.notify_all();
    }

    /// Waits for the result of index `i`.
    fn take(&self, i: usize) -> Outcome<O> {
        let mut state = self.lock();
        loop {
            if let Some(outcome) = state.ready.remove(&i) {
                state.taken = i + 1;
                drop(state);
                self.changed.notify_all();
                return outcome;
            }
            state = self.wait(state);
        }
    }
}

/// Tells the workers to stop when dropped.
struct Stop<'a, O>(&'a Queue<O>);

impl<O> Drop for Stop<'_, O> {
    fn drop(&mut self) {
        self.0.lock().stopped = true;
        self.0.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_order() {
        let mut seen = Vec::new();
        in_order(
            1000,
            4,
            |i| {
                // Uneven work, so that later indices often finish first.
                if i % 7 == 0 {
                    thread::yield_now();
                }
                i * 2
            },
            |i, out| seen.push((i, out)),
        );
        let expected: Vec<_> = (0..1000).map(|i| (i, i * 2)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn one_thread_works_in_place() {
        let caller = thread::current().id();
        let mut seen = Vec::new();
        in_order(
            5,
            1,
            |i| (i, thread::current().id()),
            |i, out| seen.push((i, out)),
        );
        assert_eq!(seen, (0..5).map(|i| (i, (i, caller))).collect::<Vec<_>>());
    }

    #[test]
    fn small_inputs_stay_on_one_thread() {
        assert_eq!(threads_for(0), 1);
        assert_eq!(threads_for(PARALLEL_FROM_BYTES - 1), 1);
        assert!(threads_for(PARALLEL_FROM_BYTES) >= 1);
    }

    #[test]
    fn no_items_no_calls() {
        in_order(0, 4, |i| i, |_, _| panic!("nothing to consume"));
    }

    #[test]
    fn a_panicking_worker_reaches_the_caller() {
        let caught = panic::catch_unwind(|| {
            in_order(50, 4, |i| assert!(i != 20, "worker fault"), |_, ()| {});
        });
        let payload = caught.expect_err("the panic is carried over");
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied());
        assert_eq!(message, Some("worker fault"));
    }

    #[test]
    fn a_panicking_reader_stops_the_workers() {
        let caught = panic::catch_unwind(|| {
            in_order(10_000, 4, |i| i, |i, _| assert!(i != 3, "reader fault"));
        });
        assert!(caught.is_err());
    }
}
