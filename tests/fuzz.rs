//! Fuzzing in the normal test suite: a seeded, deterministic generator mutates a seed corpus
//! (the default scenario, the lessons, the tutorial and real-world fixtures) and runs every
//! mutant through YAML → objects → simulation → views, asserting that nothing panics and
//! that every run ends inside the documented limits.
//!
//! `KUBEPLAY_FUZZ_ITERS=N` sets the number of mutants (default 1,000, a few seconds in debug);
//! `KUBEPLAY_FUZZ_SEED=S` picks another sequence. A failure prints the seed, the iteration
//! and the mutated text.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use kubeplay::engine::kubectl;
use kubeplay::engine::limits::{MAX_FRAMES, MAX_SIMULATED_MS};
use kubeplay::engine::sim::cluster::fill_in_default_cluster;
use kubeplay::engine::sim::Simulation;
use kubeplay::engine::yaml::{load, to_yaml};

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("scenarios/default.yaml"),
        root.join("tests/fixtures/tutorial-daemonset.yaml"),
        root.join("tests/fixtures/tutorial-daemonset-update.yaml"),
        root.join("tests/fixtures/kind-3-nodes.yaml"),
        root.join("tests/simulation/tutorial-rolling-update.yaml"),
    ];
    for dir in ["scenarios/lessons", "tests/fixtures/realworld"] {
        let mut found: Vec<_> = std::fs::read_dir(root.join(dir))
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                    .collect()
            })
            .unwrap_or_default();
        found.sort();
        files.extend(found);
    }
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect()
}

/// Values that stress numeric, duration and quantity fields.
const NASTY: &[&str] = &[
    "0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "-9223372036854775808",
    "99999999999999999999999",
    "1e308",
    "0.5",
    "100%",
    "101%",
    "-5%",
    "1000000h",
    "168h",
    "0s",
    "1ms",
    "999999Ei",
    "1m",
    "''",
    "~",
    "[]",
    "{}",
    "true",
    "&a x",
    "*a",
    "'\u{0}'",
    "\"\\uFFFF\"",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let rounds = 1 + rng.below(2);
    for _ in 0..rounds {
        if lines.is_empty() {
            lines.push("kind: Node".to_string());
        }
        let i = rng.below(lines.len());
        match rng.below(9) {
            // Delete a line.
            0 => {
                lines.remove(i);
            }
            // Duplicate a line.
            1 => {
                let line = lines[i].clone();
                lines.insert(i, line);
            }
            // Swap two lines.
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            // Replace a value with a nasty one.
            3 | 4 => {
                if let Some(colon) = lines[i].find(": ") {
                    let value = NASTY[rng.below(NASTY.len())];
                    lines[i] = format!("{}: {value}", &lines[i][..colon]);
                }
            }
            // Replace every number on the line with a random one.
            5 => {
                let n = match rng.below(3) {
                    0 => rng.below(10).to_string(),
                    1 => rng.next().to_string(),
                    _ => format!("{}", rng.below(100_000)),
                };
                let line: String = lines[i]
                    .split(|c: char| c.is_ascii_digit())
                    .collect::<Vec<_>>()
                    .join(&n);
                lines[i] = line;
            }
            // Flip a byte (kept valid UTF-8).
            6 => {
                let mut bytes = lines[i].clone().into_bytes();
                if !bytes.is_empty() {
                    let j = rng.below(bytes.len());
                    const FLIPS: &[u8] = b" :-[]{}\"'#&*!|>%@`\t,?0aZ";
                    bytes[j] = FLIPS[rng.below(FLIPS.len())];
                }
                lines[i] = String::from_utf8_lossy(&bytes).into_owned();
            }
            // Copy a line from elsewhere (moves values between fields and objects).
            7 => {
                let j = rng.below(lines.len());
                lines[i] = lines[j].clone();
            }
            // Repeat a whole document block many times (huge counts).
            _ => {
                let end = (i + 1 + rng.below(12)).min(lines.len());
                let block = lines[i..end].join("\n");
                let times = 1 + rng.below(40);
                let repeated = vec![block; times].join("\n---\n");
                lines.splice(i..end, [repeated]);
            }
        }
    }
    lines.join("\n")
}

/// YAML → objects → simulation → views; panics are caught by the caller. Returns whether
/// the input loaded and was simulated.
fn exercise(text: &str) -> bool {
    let mut loaded = load(text);
    for d in &loaded.diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "positions start at 1: {d:?}");
    }
    if loaded.has_errors() {
        return false;
    }
    let _ = to_yaml(&loaded.objects);
    fill_in_default_cluster(&mut loaded.objects);
    let timeline = Simulation::run(&loaded.objects, None);
    assert!(timeline.len() <= MAX_FRAMES + 1, "frames stay in the limit");
    let end = timeline.final_state().time;
    assert!(end <= MAX_SIMULATED_MS, "virtual time stays in the limit");
    let middle = timeline.state_at(timeline.len() / 2);
    let _ = kubectl::get_pods_wide(&middle, None);
    let _ = kubectl::get_daemon_sets(timeline.final_state(), None);
    let _ = kubectl::get_nodes(timeline.final_state());
    true
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_inputs_never_panic_and_every_run_ends_inside_the_limits() {
    let corpus = corpus();
    assert!(corpus.len() >= 20, "the seed corpus is found");
    let seed = env_number("KUBEPLAY_FUZZ_SEED", 0x6b75_6265_706c_6179);
    let iterations = env_number("KUBEPLAY_FUZZ_ITERS", 1000);
    let mut rng = Rng(seed | 1);
    let mut simulated = 0;
    // The unmutated corpus first: it must run cleanly too.
    for (name, text) in &corpus {
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(text)));
        assert_eq!(outcome.ok(), Some(true), "seed file {name} runs cleanly");
    }
    for iteration in 0..iterations {
        let (name, text) = &corpus[rng.below(corpus.len())];
        let mutant = mutate(text, &mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| exercise(&mutant)));
        match outcome {
            Ok(ran) => simulated += usize::from(ran),
            Err(_) => panic!(
                "KUBEPLAY_FUZZ_SEED={seed} iteration {iteration} (from {name}) panicked on:\n{mutant}"
            ),
        }
    }
    // Most mutants must still get past the loader, or the simulation is not fuzzed.
    assert!(
        simulated * 5 >= iterations as usize,
        "only {simulated} of {iterations} mutants were simulated"
    );
    println!("{simulated} of {iterations} mutants were simulated");
}

#[test]
fn the_generator_is_deterministic_and_mutates() {
    let text = "a: 1\nb: two\nc: [3]\n";
    let run = |seed| {
        let mut rng = Rng(seed);
        (0..20).map(|_| mutate(text, &mut rng)).collect::<Vec<_>>()
    };
    assert_eq!(run(7), run(7), "same seed, same mutants");
    assert_ne!(run(7), run(8), "another seed, other mutants");
    assert!(
        run(7).iter().any(|m| m != text),
        "mutants differ from the input"
    );
}
