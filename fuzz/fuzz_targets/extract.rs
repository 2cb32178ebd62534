//! Fuzzes the extractor: any text must end in a draft whose dataset passes the checks, never
//! a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use dipgraph::extract::{Extractor, SourceMeta};
use libfuzzer_sys::fuzz_target;

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let base = dipgraph::Graph::try_from(dipgraph::Dataset::default()).expect("empty base");
        Extractor::new(&base).expect("built-in dictionaries")
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let meta = SourceMeta::named("fuzz");
    if let Ok(draft) = extractor().extract(&text, &meta) {
        assert!(dipgraph::Graph::try_from(draft.dataset).is_ok(), "the draft must pass check");
    }
});
