//! `kubeplay`: run the playground's engine on files from the command line.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = kubeplay::cli::run(&args, &mut stdout.lock(), &mut stderr.lock());
    std::process::exit(code);
}
