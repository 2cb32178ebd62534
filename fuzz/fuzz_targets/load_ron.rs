//! Fuzzes the RON loader and the checks behind it: any input must end in a dataset or an
//! error, never a panic, a hang or a stack overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(dataset) = dipgraph::Dataset::from_ron_str(text) {
            let _ = dipgraph::check::check_dataset(&dataset, None);
            let _ = dipgraph::Graph::try_from(dataset);
        }
    }
});
