//! Work that callers queue and threads of the adapter's own do in batches:
//! each thread takes everything queued (up to a bound), does it at once,
//! answers each caller, and goes straight on to what queued meanwhile, so
//! it never waits for a caller's thread to wake up. Each caller sleeps on
//! its own ticket and is woken once, with its answer. The threads stop when
//! the queue is dropped, once nothing is left in it.
//!
//! SQLite's group commit (`group_commit`) and PostgreSQL's grouped reads of
//! a patient's appointments (`crate::appointments`) are built on it.

use panda_domain::RepositoryError;
use std::collections::VecDeque;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::thread::JoinHandle;

/// What a caller gets back for one item.
pub(crate) type Answer<R> = Result<R, RepositoryError>;

/// Does one batch of items, answering each in the order given.
type Work<T, R> = dyn Fn(Vec<T>) -> Vec<Answer<R>> + Send + Sync;

/// The queue of items and the threads that do them.
pub(crate) struct Batches<T, R> {
    shared: Arc<Shared<T, R>>,
    threads: Vec<JoinHandle<()>>,
}

struct Shared<T, R> {
    state: Mutex<State<T, R>>,
    /// Signalled when an item is queued or the threads must stop.
    work: Condvar,
    /// The threads' name, for the answer to a batch whose work panicked.
    name: String,
}

struct State<T, R> {
    queue: VecDeque<(Arc<Ticket<R>>, T)>,
    /// Threads asleep for want of work (so a new item must wake one).
    idle: usize,
    stop: bool,
}

/// What one caller waits for: its item's answer, by sleeping on the
/// condition variable or, from async code, by leaving a waker.
struct Ticket<R> {
    state: Mutex<TicketState<R>>,
    answered: Condvar,
}

struct TicketState<R> {
    answer: Option<Answer<R>>,
    waker: Option<Waker>,
}

/// Every lock here guards state that each step leaves whole, so a thread
/// that panicked while holding one left nothing half-made.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl<R> Ticket<R> {
    fn new() -> Arc<Self> {
        Arc::new(Ticket {
            state: Mutex::new(TicketState {
                answer: None,
                waker: None,
            }),
            answered: Condvar::new(),
        })
    }

    fn answer(&self, answer: Answer<R>) {
        let waker = {
            let mut state = lock(&self.state);
            state.answer = Some(answer);
            state.waker.take()
        };
        self.answered.notify_one();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn wait(&self) -> Answer<R> {
        let mut state = lock(&self.state);
        loop {
            if let Some(answer) = state.answer.take() {
                return answer;
            }
            state = self
                .answered
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// An item's answer, for async callers: ready once its batch is done.
/// Dropping it early leaves the item to be done and its answer dropped.
pub(crate) struct Later<R>(Arc<Ticket<R>>);

impl<R> Future for Later<R> {
    type Output = Answer<R>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer<R>> {
        let mut state = lock(&self.0.state);
        match state.answer.take() {
            Some(answer) => Poll::Ready(answer),
            None => {
                state.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl<T: Send + 'static, R: Send + 'static> Batches<T, R> {
    /// Starts `threads` threads named `name` (at least one), each doing up
    /// to `max_batch` queued items at a time with `work`, which must answer
    /// every item of its batch, in order.
    pub(crate) fn start(
        name: &str,
        threads: usize,
        max_batch: usize,
        work: impl Fn(Vec<T>) -> Vec<Answer<R>> + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                idle: 0,
                stop: false,
            }),
            work: Condvar::new(),
            name: name.to_owned(),
        });
        let work: Arc<Work<T, R>> = Arc::new(work);
        let mut batches = Self {
            shared,
            threads: Vec::new(),
        };
        for _ in 0..threads.max(1) {
            let (mine, work) = (batches.shared.clone(), work.clone());
            // On failure, dropping `batches` stops the threads already started.
            let thread = std::thread::Builder::new()
                .name(name.to_owned())
                .spawn(move || mine.run(max_batch.max(1), &*work))?;
            batches.threads.push(thread);
        }
        Ok(batches)
    }

    /// Queues `item`, and returns its answer once its batch is done.
    pub(crate) fn submit(&self, item: T) -> Answer<R> {
        self.queue(item).wait()
    }

    /// For tests: whether this queue still exists. Its threads hold it
    /// too, and dropping the queue joins them, so once this says no, every
    /// thread has stopped.
    #[cfg(test)]
    pub(crate) fn watch(&self) -> impl Fn() -> bool + use<T, R> {
        let shared = Arc::downgrade(&self.shared);
        move || shared.strong_count() > 0
    }

    /// Queues `item`, and returns at once what will be its answer.
    pub(crate) fn submit_later(&self, item: T) -> Later<R> {
        Later(self.queue(item))
    }

    fn queue(&self, item: T) -> Arc<Ticket<R>> {
        let ticket = Ticket::new();
        let mut state = lock(&self.shared.state);
        state.queue.push_back((ticket.clone(), item));
        if state.idle > 0 {
            self.shared.work.notify_one();
        }
        ticket
    }
}

impl<T, R> Shared<T, R> {
    /// One thread: batches until told to stop with nothing queued.
    fn run(&self, max_batch: usize, work: &Work<T, R>) {
        loop {
            let batch: Vec<(Arc<Ticket<R>>, T)> = {
                let mut state = lock(&self.state);
                while state.queue.is_empty() && !state.stop {
                    state.idle += 1;
                    state = self
                        .work
                        .wait(state)
                        .unwrap_or_else(PoisonError::into_inner);
                    state.idle -= 1;
                }
                if state.queue.is_empty() {
                    return;
                }
                let take = state.queue.len().min(max_batch);
                state.queue.drain(..take).collect()
            };
            let (tickets, items): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
            // A panic is a bug; it must not leave callers waiting for ever
            // or stop every later batch. Nor may a batch answered short.
            let mut answers = catch_unwind(AssertUnwindSafe(|| work(items)))
                .unwrap_or_default()
                .into_iter();
            for ticket in tickets {
                ticket.answer(answers.next().unwrap_or_else(|| {
                    Err(RepositoryError::unexpected(format!(
                        "the {} thread failed",
                        self.name
                    )))
                }));
            }
        }
    }
}

/// The same failure for every item of a batch that could not be done.
pub(crate) fn failed_all<R>(count: usize, why: &dyn std::fmt::Display) -> Vec<Answer<R>> {
    let why = why.to_string();
    (0..count)
        .map(|_| Err(RepositoryError::unexpected(why.clone())))
        .collect()
}

impl<T, R> Drop for Batches<T, R> {
    fn drop(&mut self) {
        lock(&self.shared.state).stop = true;
        self.shared.work.notify_all();
        for thread in self.threads.drain(..) {
            // Their panics are caught per batch; nothing more to report.
            let _ = thread.join();
        }
    }
}

impl<T, R> std::fmt::Debug for Batches<T, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batches")
            .field("name", &self.shared.name)
            .field("threads", &self.threads.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Barrier;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Doubles each number; panics on 13, answers one short on 7.
    fn doubling(sizes: Arc<Mutex<Vec<usize>>>) -> impl Fn(Vec<u32>) -> Vec<Answer<u32>> {
        move |items| {
            lock(&sizes).push(items.len());
            assert!(!items.contains(&13), "a bug in the work");
            let short = usize::from(items.contains(&7));
            items
                .iter()
                .skip(short)
                .map(|n| Ok(n * 2))
                .collect::<Vec<_>>()
        }
    }

    #[test]
    fn every_caller_gets_its_own_answer_and_concurrent_items_share_batches() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let batches = Batches::start("test-batches", 2, 16, doubling(sizes.clone())).unwrap();
        let callers = 64;
        let gate = Barrier::new(callers);
        let answers: Vec<_> = std::thread::scope(|s| {
            let calls: Vec<_> = (0..callers)
                .map(|n| {
                    let (batches, gate) = (&batches, &gate);
                    let n = u32::try_from(n).unwrap() + 100;
                    s.spawn(move || {
                        gate.wait();
                        (n, batches.submit(n))
                    })
                })
                .collect();
            calls.into_iter().map(|c| c.join().unwrap()).collect()
        });
        for (n, answer) in answers {
            assert_eq!(answer.unwrap(), n * 2);
        }
        let sizes = lock(&sizes).clone();
        assert_eq!(sizes.iter().sum::<usize>(), callers);
        assert!(sizes.iter().all(|&size| size <= 16), "{sizes:?}");
    }

    #[test]
    fn an_async_caller_is_woken_with_its_answer_and_holds_no_thread_meanwhile() {
        struct Unpark(std::thread::Thread, AtomicUsize);
        impl std::task::Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.1.fetch_add(1, Ordering::SeqCst);
                self.0.unpark();
            }
        }
        let gate = Arc::new(Barrier::new(2));
        let held = gate.clone();
        // The work waits for the test to have polled once: the first poll
        // must find no answer, and the answer must wake the caller.
        let batches = Batches::start("test-batches", 1, 8, move |items: Vec<u32>| {
            held.wait();
            items.into_iter().map(|n| Ok(n * 2)).collect()
        })
        .unwrap();
        let unpark = Arc::new(Unpark(std::thread::current(), AtomicUsize::new(0)));
        let waker = std::task::Waker::from(unpark.clone());
        let mut context = Context::from_waker(&waker);
        let mut later = std::pin::pin!(batches.submit_later(21));
        assert!(later.as_mut().poll(&mut context).is_pending());
        gate.wait();
        let answer = loop {
            match later.as_mut().poll(&mut context) {
                Poll::Ready(answer) => break answer,
                Poll::Pending => std::thread::park(),
            }
        };
        assert_eq!(answer.unwrap(), 42);
        assert_eq!(unpark.1.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_panicking_batch_fails_its_callers_and_the_threads_go_on() {
        let batches = Batches::start("test-batches", 1, 8, doubling(Arc::default())).unwrap();
        let failed = batches.submit(13);
        assert!(
            matches!(&failed, Err(RepositoryError::Unexpected(why)) if why.to_string().contains("test-batches")),
            "{failed:?}"
        );
        assert_eq!(batches.submit(21).unwrap(), 42);
    }

    #[test]
    fn a_batch_answered_short_fails_the_callers_left_without_an_answer() {
        let batches = Batches::start("test-batches", 1, 8, doubling(Arc::default())).unwrap();
        // A batch of one answered short answers nobody: its caller fails.
        assert!(matches!(
            batches.submit(7),
            Err(RepositoryError::Unexpected(_))
        ));
        assert_eq!(batches.submit(8).unwrap(), 16);
    }

    #[test]
    fn dropping_the_queue_finishes_what_is_queued_and_stops_every_thread() {
        let done = Arc::new(AtomicUsize::new(0));
        let counted = done.clone();
        let batches = Batches::start("test-batches", 3, 4, move |items: Vec<u32>| {
            counted.fetch_add(items.len(), Ordering::SeqCst);
            items.into_iter().map(Ok).collect()
        })
        .unwrap();
        let threads: Vec<_> = batches.threads.iter().map(|t| t.thread().id()).collect();
        assert_eq!(threads.len(), 3);
        assert_eq!(batches.submit(1).unwrap(), 1);
        drop(batches);
        assert_eq!(done.load(Ordering::SeqCst), 1);
    }
}
