//! Peak resident memory of this process (Linux), shared by the hand-run benchmarks
//! (`benches/bench.rs`, `benches/rkyv/`) through `#[path]`.

/// Resets the peak-RSS mark so the next reading covers one operation only.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident set size since the last reset, in MiB.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
