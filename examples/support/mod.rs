//! Shared plumbing of the benchmarks: arguments, peak memory from `/proc/self/status`, and
//! one child process per table row so that each row's peak RSS is its own. With
//! `--repeat N` every row runs N times, the sizes taking turns, and the table shows each
//! size's median run: one run's wall time moves by several percent with the machine's load,
//! so a ratio of single runs does not settle a target.

use std::process::Command;

/// Command-line arguments: node counts, `--pods-per-node N`, `--repeat N`, and the
/// internal `--row`.
pub struct Args {
    /// The node counts to run (one table row each).
    pub nodes: Vec<usize>,
    /// Ordinary (non-DaemonSet) running pods per node.
    pub pods_per_node: usize,
    /// How many times each row runs (at least once).
    pub repeat: usize,
    /// Set in a child process: run this single row.
    pub row: Option<usize>,
}

/// Parses `[NODES...] [--pods-per-node N] [--repeat N]` with `defaults` when no count is
/// given.
pub fn args(defaults: &[usize], pods_per_node: usize) -> Args {
    let mut parsed = Args {
        nodes: Vec::new(),
        pods_per_node,
        repeat: 1,
        row: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--pods-per-node" => {
                parsed.pods_per_node = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            }
            "--repeat" => {
                parsed.repeat = it.next().and_then(|v| v.parse().ok()).unwrap_or(1).max(1);
            }
            "--row" => parsed.row = it.next().and_then(|v| v.parse().ok()),
            other => parsed
                .nodes
                .extend(other.replace('_', "").parse::<usize>().ok()),
        }
    }
    if parsed.nodes.is_empty() {
        parsed.nodes = defaults.to_vec();
    }
    parsed
}

/// Peak resident set size in MiB (`VmHWM`), when the platform reports it.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Formats an optional MiB figure.
pub fn mib_text(mib: Option<f64>) -> String {
    mib.map_or_else(|| "n/a".to_string(), |m| format!("{m:.1}"))
}

/// One run of a row in its own process: the wall time and the row's text.
fn run_row(exe: &std::path::Path, nodes: usize, pods_per_node: usize) -> Option<(f64, String)> {
    let output = Command::new(exe)
        .args([
            "--row".to_string(),
            nodes.to_string(),
            "--pods-per-node".to_string(),
            pods_per_node.to_string(),
        ])
        .output();
    let stdout = match output {
        Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
        Err(e) => {
            eprintln!("{nodes} nodes: {e}");
            return None;
        }
    };
    let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("ROW ")) else {
        eprintln!("{nodes} nodes: no result\n{stdout}");
        return None;
    };
    let (wall, text) = line.split_once(' ').unwrap_or((line, ""));
    Some((wall.parse().unwrap_or(0.0), text.to_string()))
}

/// The median of `runs` by wall time (the lower middle one of an even number).
fn median_run(runs: &mut [(f64, String)]) -> Option<&(f64, String)> {
    runs.sort_by(|a, b| a.0.total_cmp(&b.0));
    runs.get(runs.len().saturating_sub(1) / 2)
}

/// Prints the table: in the parent, runs one child per node count (`repeat` rounds of
/// them, the sizes taking turns) and prints each size's median row and the 20,000 / 5,000
/// wall-time ratio; in a child, runs `row` and prints `ROW <wall ms> <row text>`.
pub fn table(args: &Args, header: &[&str], row: impl Fn(usize, usize) -> (f64, String)) {
    if let Some(nodes) = args.row {
        let (wall_ms, text) = row(nodes, args.pods_per_node);
        println!("ROW {wall_ms} {text}");
        return;
    }
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("cannot find the benchmark binary: {e}");
            return;
        }
    };
    let mut runs: Vec<Vec<(f64, String)>> = vec![Vec::new(); args.nodes.len()];
    for _ in 0..args.repeat {
        for (&nodes, runs) in args.nodes.iter().zip(&mut runs) {
            runs.extend(run_row(&exe, nodes, args.pods_per_node));
        }
    }
    if args.repeat > 1 {
        println!("Each row: the median of {} runs by wall time.", args.repeat);
    }
    println!("| {} |", header.join(" | "));
    println!(
        "|{}|",
        header
            .iter()
            .map(|h| format!("{}:", "-".repeat(h.len() + 1)))
            .collect::<Vec<_>>()
            .join("|")
    );
    // Each size's walls in round order, for the rounds' own ratios.
    let walls_of = |n: usize| {
        let at = args.nodes.iter().position(|&m| m == n)?;
        Some(runs[at].iter().map(|(wall, _)| *wall).collect::<Vec<_>>())
    };
    let (big, small) = (walls_of(20_000), walls_of(5_000));
    let mut medians = Vec::new();
    for (&nodes, runs) in args.nodes.iter().zip(&mut runs) {
        if let Some((wall, text)) = median_run(runs) {
            println!("{text}");
            medians.push((nodes, *wall));
        }
    }
    let median_of = |n: usize| medians.iter().find(|(m, _)| *m == n).map(|(_, w)| *w);
    let (Some(big), Some(small), Some(big_median), Some(small_median)) =
        (big, small, median_of(20_000), median_of(5_000))
    else {
        return;
    };
    print!(
        "wall ratio 20,000 / 5,000 nodes: {:.2} (linear: 4.00)",
        big_median / small_median.max(1e-9)
    );
    // Each round's own ratio: how far one pair of runs can be from the medians' ratio.
    let mut rounds: Vec<f64> = big
        .iter()
        .zip(&small)
        .map(|(b, s)| b / s.max(1e-9))
        .collect();
    rounds.sort_by(f64::total_cmp);
    match (rounds.first(), rounds.last()) {
        (Some(low), Some(high)) if rounds.len() > 1 => {
            println!("; each round's ratio {low:.2}–{high:.2}")
        }
        _ => println!(),
    }
}
