//! Work spread over the machine's cores, with results in input order.
//!
//! Parsing files, resolving elements and running rules are independent per item, and
//! each is a large share of a check on a big model. [`map`] runs them on scoped threads
//! (one per core, at most [`MAX_THREADS`]) and returns the results in the order of the
//! input, so that nothing downstream can tell how the work was split: the output is the
//! same bytes on one core or sixteen.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The most threads tomc starts for one piece of work.
pub const MAX_THREADS: usize = 8;

/// The number of worker threads for `items` pieces of work: one per core, no more than
/// there are items or [`MAX_THREADS`], and one when `TOMC_THREADS=1` is set (for
/// profiling and for measuring the single-core cost).
pub fn threads(items: usize) -> usize {
    let cores = std::env::var("TOMC_THREADS")
        .ok()
        .and_then(|v| v.parse::<NonZeroUsize>().ok())
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get);
    cores.min(MAX_THREADS).min(items).max(1)
}

/// `f` applied to every item, in item order. Items are handed out in chunks of `chunk`
/// (at least one) to whichever thread is free, so uneven items (files of different
/// sizes) still keep every core busy. A panic in `f` propagates to the caller.
pub fn map<T, R, F>(items: &[T], chunk: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let chunk = chunk.max(1);
    let chunks = items.len().div_ceil(chunk);
    let threads = threads(chunks);
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let c = next.fetch_add(1, Ordering::Relaxed);
                        let start = c.saturating_mul(chunk);
                        let Some(part) = items.get(start..items.len().min(start + chunk)) else {
                            break;
                        };
                        if part.is_empty() {
                            break;
                        }
                        out.push((c, part.iter().map(&f).collect::<Vec<R>>()));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(out) => out,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_unstable_by_key(|(c, _)| *c);
    done.into_iter().flat_map(|(_, part)| part).collect()
}

/// Runs `a` and `b` at once when there is more than one core, and returns both results.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB,
    RA: Send,
{
    if threads(2) <= 1 {
        return (a(), b());
    }
    std::thread::scope(|scope| {
        let first = scope.spawn(a);
        let second = b();
        match first.join() {
            Ok(first) => (first, second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order_whatever_the_chunk() {
        let items: Vec<u64> = (0..1_003).collect();
        for chunk in [1, 7, 64, 5_000] {
            let out = map(&items, chunk, |&i| i * i);
            assert_eq!(out, items.iter().map(|i| i * i).collect::<Vec<_>>());
        }
        assert!(map(&[] as &[u8], 4, |&b| b).is_empty());
        assert_eq!(join(|| 1, || "two"), (1, "two"));
    }
}
