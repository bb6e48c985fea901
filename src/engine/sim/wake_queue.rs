//! The driver's queue of timed wake-ups: due by time, and at one time in the order they
//! were queued. Kept as one list per instant, because wake-ups come in batches at few
//! distinct instants (a step's timers share its time): queuing one appends to its instant's
//! list, and the next one due is the front of the first list, so a large cluster's
//! thousands of timers are never sifted through a heap of scattered entries.

use std::collections::{BTreeMap, VecDeque};

use crate::engine::store::wake::Wake;
use crate::engine::time::Millis;

/// Timed wake-ups, by time, then in the order they were queued.
#[derive(Debug, Default)]
pub struct WakeQueue {
    by_time: BTreeMap<Millis, VecDeque<Wake>>,
}

impl WakeQueue {
    /// Queues `wake` for virtual time `at`, after those already queued for `at`.
    pub fn push(&mut self, at: Millis, wake: Wake) {
        self.by_time.entry(at).or_default().push_back(wake);
    }

    /// The time of the next wake-up, if any.
    pub fn next_time(&self) -> Option<Millis> {
        self.by_time.first_key_value().map(|(at, _)| *at)
    }

    /// Takes the next wake-up if it is due at or before `at`.
    pub fn pop_due(&mut self, at: Millis) -> Option<Wake> {
        let mut first = self.by_time.first_entry().filter(|e| *e.key() <= at)?;
        let wake = first.get_mut().pop_front();
        if first.get().is_empty() {
            first.remove();
        }
        wake
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::store::wake::PodTimer;

    fn gone(key: &str) -> Wake {
        Wake::PodGone(PodTimer::new(key, 1))
    }

    fn drain(queue: &mut WakeQueue, at: Millis) -> Vec<Wake> {
        std::iter::from_fn(|| queue.pop_due(at)).collect()
    }

    /// One case: wake-ups queued (time, pod), the limit drained to, the pods that come out.
    struct Case {
        name: &'static str,
        queued: &'static [(Millis, &'static str)],
        at: Millis,
        want: &'static [&'static str],
    }

    #[test]
    fn wake_ups_come_out_by_time_then_in_the_order_they_were_queued() {
        let cases = [
            Case {
                name: "an empty queue has nothing due",
                queued: &[],
                at: 10,
                want: &[],
            },
            Case {
                name: "one instant keeps the queuing order",
                queued: &[(5, "b"), (5, "a"), (5, "c")],
                at: 5,
                want: &["b", "a", "c"],
            },
            Case {
                name: "earlier instants first, whatever the queuing order",
                queued: &[(7, "late"), (3, "early"), (5, "middle"), (3, "early-2")],
                at: 10,
                want: &["early", "early-2", "middle", "late"],
            },
            Case {
                name: "nothing after the limit",
                queued: &[(3, "due"), (4, "not-yet")],
                at: 3,
                want: &["due"],
            },
        ];
        for case in cases {
            let mut queue = WakeQueue::default();
            for (time, key) in case.queued {
                queue.push(*time, gone(key));
            }
            let want: Vec<Wake> = case.want.iter().map(|key| gone(key)).collect();
            assert_eq!(drain(&mut queue, case.at), want, "{}", case.name);
        }
    }

    #[test]
    fn a_wake_up_queued_for_the_instant_being_drained_comes_after_the_ones_before_it() {
        let mut queue = WakeQueue::default();
        queue.push(5, gone("a"));
        queue.push(5, gone("b"));
        queue.push(9, gone("later"));
        assert_eq!(queue.pop_due(5), Some(gone("a")));
        queue.push(5, gone("queued-while-draining"));
        assert_eq!(
            drain(&mut queue, 5),
            vec![gone("b"), gone("queued-while-draining")]
        );
        assert_eq!(queue.next_time(), Some(9));
    }

    #[test]
    fn the_next_time_is_the_earliest_instant_with_a_wake_up() {
        let mut queue = WakeQueue::default();
        assert_eq!(queue.next_time(), None);
        queue.push(8, gone("a"));
        queue.push(2, gone("b"));
        assert_eq!(queue.next_time(), Some(2));
        queue.pop_due(2);
        assert_eq!(queue.next_time(), Some(8));
    }
}
