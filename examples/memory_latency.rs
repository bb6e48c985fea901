//! The machine's memory, measured the way a large simulation meets it: the time of one
//! read from a random place in a working set of 1 MiB to 512 MiB. Each read finds the
//! address of the next (a pointer chase through one cycle over every cache line), so
//! neither the processor's prefetcher nor its overlapping of reads hides the latency.
//!
//! `bench_rollout`'s 20,000 / 5,000 ratio depends on it: the 5,000-node run keeps about
//! 120 MiB, the 20,000-node run about 460 MiB, and a read that misses the caches costs
//! what this table says at those sizes (see `docs/performance.md`).
//!
//! `cargo run --release --example memory_latency`

use std::hint::black_box;
use std::time::Instant;

/// Words in a cache line of 64 bytes: the chase visits one word per line.
const LINE_WORDS: usize = 8;
/// Reads timed at each size.
const READS: usize = 5_000_000;

/// A fixed xorshift sequence, so that every run chases the same cycle.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `lines` cache lines whose first words form one cycle through all of them in random
/// order (Sattolo's shuffle): word `8 * i` holds the word index of the line after line `i`.
fn cycle(lines: usize, random: &mut XorShift) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines).collect();
    for i in (1..lines).rev() {
        order.swap(i, random.below(i));
    }
    let mut words = vec![0; lines * LINE_WORDS];
    for (at, &line) in order.iter().enumerate() {
        let next = order[(at + 1) % lines];
        words[line * LINE_WORDS] = next * LINE_WORDS;
    }
    words
}

/// Nanoseconds per read, chasing `READS` reads through `words` after one warm-up pass.
fn chase(words: &[usize]) -> f64 {
    let lines = words.len() / LINE_WORDS;
    let mut at = 0;
    for _ in 0..lines.min(READS) {
        at = words[at];
    }
    let started = Instant::now();
    for _ in 0..READS {
        at = words[at];
    }
    let elapsed = started.elapsed();
    black_box(at);
    elapsed.as_secs_f64() * 1e9 / READS as f64
}

fn main() {
    let mut random = XorShift(0x9e37_79b9_7f4a_7c15);
    println!("Random reads (one per cache line, each finding the next), in pages as the allocator gets them.");
    println!("| working set MiB | ns per read |");
    println!("|---:|---:|");
    for mib in [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] {
        let lines = mib * 1024 * 1024 / 64;
        let words = cycle(lines, &mut random);
        println!("| {mib:>4} | {:>6.1} |", chase(&words));
    }
}
