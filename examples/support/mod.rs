//! Shared plumbing of the benchmarks: arguments, peak memory from `/proc/self/status`, and
//! one child process per table row so that each row's peak RSS is its own.

use std::process::Command;

/// Command-line arguments: node counts, `--pods-per-node N`, and the internal `--row`.
pub struct Args {
    /// The node counts to run (one table row each).
    pub nodes: Vec<usize>,
    /// Ordinary (non-DaemonSet) running pods per node.
    pub pods_per_node: usize,
    /// Set in a child process: run this single row.
    pub row: Option<usize>,
}

/// Parses `[NODES...] [--pods-per-node N]` with `defaults` when no count is given.
pub fn args(defaults: &[usize], pods_per_node: usize) -> Args {
    let mut parsed = Args {
        nodes: Vec::new(),
        pods_per_node,
        row: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--pods-per-node" => {
                parsed.pods_per_node = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
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

/// Prints the table: in the parent, runs one child per node count and prints its row and
/// the 20,000 / 5,000 wall-time ratio; in a child, runs `row` and prints
/// `ROW <wall ms> <row text>`.
pub fn table(args: &Args, header: &[&str], row: impl Fn(usize, usize) -> (f64, String)) {
    if let Some(nodes) = args.row {
        let (wall_ms, text) = row(nodes, args.pods_per_node);
        println!("ROW {wall_ms} {text}");
        return;
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
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => {
            eprintln!("cannot find the benchmark binary: {e}");
            return;
        }
    };
    let mut walls = Vec::new();
    for &nodes in &args.nodes {
        let output = Command::new(&exe)
            .args([
                "--row".to_string(),
                nodes.to_string(),
                "--pods-per-node".to_string(),
                args.pods_per_node.to_string(),
            ])
            .output();
        let stdout = match output {
            Ok(out) => String::from_utf8_lossy(&out.stdout).into_owned(),
            Err(e) => {
                eprintln!("{nodes} nodes: {e}");
                continue;
            }
        };
        let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("ROW ")) else {
            eprintln!("{nodes} nodes: no result\n{stdout}");
            continue;
        };
        let (wall, text) = line.split_once(' ').unwrap_or((line, ""));
        walls.push((nodes, wall.parse::<f64>().unwrap_or(0.0)));
        println!("{text}");
    }
    let wall_of = |n: usize| walls.iter().find(|(m, _)| *m == n).map(|(_, w)| *w);
    if let (Some(big), Some(small)) = (wall_of(20_000), wall_of(5_000)) {
        println!(
            "wall ratio 20,000 / 5,000 nodes: {:.2} (linear: 4.00)",
            big / small.max(1e-9)
        );
    }
}
