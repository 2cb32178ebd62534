//! Fuzzes the JSON loader and the checks behind it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(dataset) = dipgraph::Dataset::from_json_str(text) {
            let _ = dipgraph::check::check_dataset(&dataset, None);
            let _ = dipgraph::Graph::try_from(dataset);
        }
    }
});
