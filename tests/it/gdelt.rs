//! GDELT import: the library on fixtures of each file version, the CLI, and `--data`.

use std::io::Write;
use std::path::{Path, PathBuf};

use dipgraph::check::check_dataset;
use dipgraph::import::{load_gdelt, read_gdelt, GdeltOptions, SkipReason};
use dipgraph::{ActorKind, Dataset, Graph, RelationKind};

use crate::cli::dipgraph;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gdelt")
        .join(name)
}

fn import(name: &str, options: GdeltOptions) -> dipgraph::import::GdeltImport {
    load_gdelt(&[fixture(name)], &options).unwrap()
}

/// The dataset passes `check` with neither errors nor warnings.
fn assert_clean(dataset: &Dataset) {
    let problems: Vec<String> = check_dataset(dataset, None)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn version_2_rows_become_checked_relations() {
    let import = import("v2.export.CSV", GdeltOptions::default());
    assert_clean(&import.dataset);
    let report = &import.report;
    assert_eq!((report.rows, report.imported, report.skipped), (15, 7, 8));

    let dataset = &import.dataset;
    let relation = dataset
        .relations
        .iter()
        .find(|r| r.id.as_str() == "gdelt-410412386")
        .unwrap();
    assert_eq!(relation.from.as_str(), "ukr");
    assert_eq!(relation.to.as_str(), "rus");
    assert_eq!(relation.kind, RelationKind::Criticize);
    assert_eq!(relation.date.unwrap().to_string(), "2014-02-18");
    assert_eq!(relation.intensity, Some(-2.0));
    let counts = relation.counts.unwrap();
    assert_eq!(
        (
            counts.events,
            counts.mentions,
            counts.sources,
            counts.articles
        ),
        (1, 4, 1, 4)
    );
    let note = &relation.evidence[0].note;
    assert!(note.contains("CAMEO 112 (Accuse)"), "{note}");

    let offer = dataset
        .relations
        .iter()
        .find(|r| r.id.as_str() == "gdelt-410412388");
    assert_eq!(offer.unwrap().kind, RelationKind::Offer);
    let fight = dataset
        .relations
        .iter()
        .find(|r| r.id.as_str() == "gdelt-410412389");
    assert_eq!(fight.unwrap().kind, RelationKind::Fight);
}

#[test]
fn role_codes_are_part_of_their_state() {
    let dataset = import("v2.export.CSV", GdeltOptions::default()).dataset;
    let actor = |id: &str| dataset.actors.iter().find(|a| a.id.as_str() == id).unwrap();
    let turkey = actor("tur");
    assert_eq!(
        (turkey.name.as_str(), turkey.kind),
        ("Turkey", ActorKind::State)
    );
    assert_eq!(turkey.country.as_ref().unwrap().as_str(), "TUR");
    let government = actor("tur-gov");
    assert_eq!(government.name, "Turkey Government");
    assert_eq!(government.kind, ActorKind::GovernmentBody);
    assert_eq!(actor("usa-mil").kind, ActorKind::ArmedGroup);
    assert_eq!(actor("igo-uno").kind, ActorKind::InternationalOrganization);

    let part_of = dataset
        .relations
        .iter()
        .find(|r| r.id.as_str() == "tur-gov-part-of-tur")
        .unwrap();
    assert_eq!(part_of.kind, RelationKind::PartOf);
    assert_eq!(part_of.to.as_str(), "tur");
    // Cites the source of the first event that named the actor.
    let source = dataset
        .sources
        .iter()
        .find(|s| s.id == part_of.evidence[0].source)
        .unwrap();
    assert_eq!(source.publisher, "hurriyetdailynews.com");
    assert_eq!(source.published.to_string(), "2014-02-18");

    let graph = Graph::try_from(dataset.clone()).unwrap();
    assert_eq!(
        graph.resolve("Turkey Government").unwrap().as_str(),
        "tur-gov"
    );
}

#[test]
fn bad_rows_are_counted_with_their_lines() {
    let report = import("v2.export.CSV", GdeltOptions::default()).report;
    let skipped: Vec<(u64, &SkipReason)> = report
        .first_skipped
        .iter()
        .map(|row| (row.line, &row.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            (7, &SkipReason::ColumnCount(3)),
            (8, &SkipReason::BadDate("20140231".into())),
            (9, &SkipReason::UnknownCode("999".into())),
            (10, &SkipReason::MissingActor),
            (11, &SkipReason::SameActor("TUR".into())),
            (
                12,
                &SkipReason::BadNumber {
                    column: "GoldsteinScale",
                    value: "abc".into()
                }
            ),
            (13, &SkipReason::BadActorCode("usa".into())),
            (14, &SkipReason::DuplicateEventId("410412386".into())),
        ]
    );
    let summary = report.to_string();
    assert!(
        summary.starts_with("imported 7 of 15 rows; skipped 8: 1 bad actor code, 1 bad date,"),
        "{summary}"
    );
}

#[test]
fn strict_fails_on_the_first_bad_row() {
    let options = GdeltOptions {
        strict: true,
        ..GdeltOptions::default()
    };
    let err = load_gdelt(&[fixture("v2.export.CSV")], &options).unwrap_err();
    let message = err.to_string();
    assert!(
        message.ends_with(
            "v2.export.CSV:7: 3 columns; GDELT event files have 61 (2.0) or 57/58 (1.0)"
        ),
        "{message}"
    );
}

#[test]
fn dedupe_merges_same_dyad_code_and_day() {
    let options = GdeltOptions {
        dedupe: true,
        ..GdeltOptions::default()
    };
    let import = import("v2.export.CSV", options);
    assert_clean(&import.dataset);
    assert_eq!(import.report.merged, 1);
    let merged = import
        .dataset
        .relations
        .iter()
        .find(|r| r.id.as_str() == "gdelt-410412390")
        .unwrap();
    let counts = merged.counts.unwrap();
    assert_eq!(
        (
            counts.events,
            counts.mentions,
            counts.sources,
            counts.articles
        ),
        (2, 11, 3, 11)
    );
    assert_eq!(merged.evidence.len(), 2);
    let ids = import.dataset.relations.iter().map(|r| r.id.as_str());
    assert!(!ids.clone().any(|id| id == "gdelt-410412391"));
    assert!(ids.clone().any(|id| id == "gdelt-410412387"));
}

#[test]
fn version_1_files_with_57_and_58_columns() {
    let import = load_gdelt(
        &[fixture("v1-58.CSV"), fixture("v1-57.CSV")],
        &GdeltOptions::default(),
    )
    .unwrap();
    assert_clean(&import.dataset);
    assert_eq!((import.report.rows, import.report.imported), (4, 4));
    let dataset = &import.dataset;
    let relation = |id: &str| {
        dataset
            .relations
            .iter()
            .find(|r| r.id.as_str() == id)
            .unwrap()
    };
    assert_eq!(relation("gdelt-300000002").kind, RelationKind::Promise);
    assert_eq!(relation("gdelt-200000001").kind, RelationKind::Aid);
    // Without SOURCEURL (57 columns) the source is the day's GDELT events.
    let source = &relation("gdelt-200000002").evidence[0].source;
    assert_eq!(source.as_str(), "gdelt-20050705");
}

#[test]
fn zip_archives_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("20140218.export.CSV.zip");
    zip_fixture("v2.export.CSV", &path);
    let import = load_gdelt(&[&path], &GdeltOptions::default()).unwrap();
    assert_eq!(import.report.imported, 7);
}

/// Writes the fixture into a new zip archive at `path`, as GDELT ships its files.
fn zip_fixture(name: &str, path: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file(name, options).unwrap();
    zip.write_all(&std::fs::read(fixture(name)).unwrap())
        .unwrap();
    zip.finish().unwrap();
}

#[test]
fn directories_and_glob_patterns_of_daily_files() {
    let dir = tempfile::tempdir().unwrap();
    let daily = dir.path().join("daily");
    std::fs::create_dir(&daily).unwrap();
    std::fs::copy(fixture("v1-58.CSV"), daily.join("20140101.export.CSV")).unwrap();
    zip_fixture("v1-57.CSV", &daily.join("20140102.export.CSV.zip"));
    std::fs::write(daily.join("README.txt"), "not events").unwrap();
    let import = |inputs: &[&Path]| {
        let out = dir.path().join("out.json");
        let _ = std::fs::remove_file(&out);
        let output = dipgraph()
            .args(["import", "gdelt"])
            .args(inputs)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        (
            output.status.code(),
            stderr.lines().next().unwrap_or("").to_owned(),
        )
    };
    let everything = (Some(0), "imported 4 of 4 rows".to_owned());
    assert_eq!(import(&[&daily]), everything);
    // A pattern the shell did not expand, and a file it also matches: read once.
    let pattern = daily.join("2014*.export.CSV*");
    let first = daily.join("20140101.export.CSV");
    assert_eq!(import(&[&pattern, &first]), everything);
    let library = load_gdelt(&[&daily], &GdeltOptions::default()).unwrap();
    assert_eq!(library.report.imported, 4);

    let (code, error) = import(&[&daily.join("2015*.zip")]);
    assert_eq!(code, Some(2));
    assert!(
        error.contains("2015*.zip: no file matches this pattern"),
        "{error}"
    );
    let (code, error) = import(&[dir.path()]);
    assert_eq!(code, Some(2));
    assert!(error.contains("no event files"), "{error}");
}

#[test]
fn no_input_makes_the_importer_panic() {
    for text in ["", "\n\n", "\t\t\t", "x", "1\t2\t3\n\u{0}\t\u{fffd}"] {
        let import = read_gdelt(text.as_bytes(), &GdeltOptions::default()).unwrap();
        assert_eq!(import.report.imported, 0);
    }
    let bytes: &[u8] = b"\xff\xfe\t\x80\n";
    assert!(read_gdelt(bytes, &GdeltOptions::default()).is_ok());
}

#[test]
fn cli_import_writes_a_dataset_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    let output = dipgraph()
        .args(["import", "gdelt"])
        .arg(fixture("v2.export.CSV"))
        .arg("-o")
        .arg(&out)
        .arg("--dedupe")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("imported 7 of 15 rows (1 merged as duplicates); skipped 8:"),
        "{stderr}"
    );
    // Every skipped row (up to ten) at its file and line.
    for line in 7..=14 {
        assert!(
            stderr.contains(&format!("v2.export.CSV:{line}: ")),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("v2.export.CSV:13: bad CAMEO actor code `usa`"),
        "{stderr}"
    );
    let dataset = Dataset::load(&out).unwrap();
    assert_clean(&dataset);

    let checked = dipgraph()
        .arg("--data")
        .arg(&out)
        .arg("check")
        .output()
        .unwrap();
    assert!(checked.status.success(), "{checked:?}");
}

#[test]
fn cli_import_strict_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let strict = dipgraph()
        .args(["import", "gdelt", "--strict", "-o"])
        .arg(&out)
        .arg(fixture("v2.export.CSV"))
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2));
    assert!(!out.exists());

    let copy = dir.path().join("events.ron");
    std::fs::copy(fixture("v2.export.CSV"), &copy).unwrap();
    let same = dipgraph()
        .args(["import", "gdelt", "-o"])
        .arg(&copy)
        .arg(&copy)
        .output()
        .unwrap();
    let stderr = String::from_utf8(same.stderr).unwrap();
    assert!(
        stderr.contains("refusing to overwrite the input"),
        "{stderr}"
    );
}

#[test]
fn data_reads_gdelt_directly() {
    let output = dipgraph()
        .arg("--data")
        .arg(fixture("v2.export.CSV"))
        .args(["show", "Turkey Government"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("tur-gov"), "{stdout}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: GDELT import: imported 7 of 15 rows"),
        "{stderr}"
    );
    assert!(
        stderr.contains("v2.export.CSV:14:1: warning: skipped: event 410412386 was already"),
        "{stderr}"
    );

    // A name that does not say GDELT needs --input-format.
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.tsv");
    std::fs::copy(fixture("v1-58.CSV"), &events).unwrap();
    let output = dipgraph()
        .arg("--data")
        .arg(&events)
        .args(["--input-format", "gdelt", "actors"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .contains("Japan Government"));
}

mod never_panics {
    use dipgraph::check::check_dataset;
    use dipgraph::import::{read_gdelt, GdeltOptions};
    use proptest::prelude::*;

    /// A field as GDELT rows hold them, or a bad one: codes, numbers, dates, junk.
    fn field() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[A-Z]{3,9}",
            "[0-9]{1,4}",
            "20[0-9]{6}",
            "-?[0-9]{1,2}\\.[0-9]",
            "[ -~]{0,12}",
        ]
    }

    proptest! {
        #[test]
        fn random_bytes(text in "[0-9A-Za-z\t\n .-]{0,400}") {
            let _ = read_gdelt(text.as_bytes(), &GdeltOptions::default());
        }

        /// Rows of plausible width and content import without panic, into a clean dataset.
        #[test]
        fn plausible_rows(rows in prop::collection::vec(
            (prop_oneof![Just(57usize), Just(58), Just(61), 1usize..70], field(), field()),
            0..20,
        ), dedupe: bool) {
            let text: String = rows
                .iter()
                .enumerate()
                .map(|(i, (width, a, b))| {
                    let mut row = vec![String::new(); *width];
                    let mut set = |at: usize, value: String| {
                        if let Some(slot) = row.get_mut(at) {
                            *slot = value;
                        }
                    };
                    set(0, (1000 + i).to_string());
                    set(1, "20210308".into());
                    set(5, a.clone());
                    set(15, b.clone());
                    set(26, "112".into());
                    set(30, "-2.0".into());
                    for at in 31..34 {
                        set(at, "1".into());
                    }
                    row.join("\t") + "\n"
                })
                .collect();
            let options = GdeltOptions { dedupe, ..GdeltOptions::default() };
            let import = read_gdelt(text.as_bytes(), &options).unwrap();
            let errors: Vec<String> = check_dataset(&import.dataset, None)
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            prop_assert!(errors.is_empty(), "{}", errors.join("\n"));
            prop_assert_eq!(import.report.rows, rows.len() as u64);
            prop_assert_eq!(import.report.imported + import.report.skipped, import.report.rows);
        }
    }
}

#[test]
fn names_that_fold_alike_are_told_apart() {
    let row = |id: &str, a1: &str, a2: &str| {
        let mut row = vec![""; 61];
        (row[0], row[1], row[5], row[15]) = (id, "20210308", a1, a2);
        (row[26], row[30], row[31], row[32], row[33]) = ("042", "1.9", "1", "1", "1");
        row.join("\t") + "\n"
    };
    // `SOUTHAMERICA` becomes `sou-tha-mer-ica`, which folds like South America (`SAM`).
    let text = row("1", "SAM", "SOUTHAMERICA") + &row("2", "USA", "USAGOV");
    let import = read_gdelt(text.as_bytes(), &GdeltOptions::default()).unwrap();
    assert_clean(&import.dataset);
    let names: Vec<&str> = import
        .dataset
        .actors
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert!(names.contains(&"South America (SAM)"), "{names:?}");
}

/// The actor with `id` in an import, if any.
fn actor<'d>(dataset: &'d Dataset, id: &str) -> Option<&'d dipgraph::Actor> {
    dataset.actors.iter().find(|a| a.id.as_str() == id)
}

#[test]
fn lowercase_ethnic_codes_become_communities() {
    let import = import("shapes.export.CSV", GdeltOptions::default());
    assert_clean(&import.dataset);
    assert_eq!(import.report.skipped_by_reason.get("bad actor code"), None);
    for (id, name) in [
        ("kur-group", "Kurds"),
        ("tib-group", "Tibetans"),
        ("ran-group", "Pahari Rajputs"),
        ("hni-group", "Hani"),
        ("idg-group", "Indigenous peoples"),
        ("mar-group", "Marathi"),
    ] {
        let group = actor(&import.dataset, id).unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(
            (group.name.as_str(), group.kind),
            (name, ActorKind::Community)
        );
    }
    let rebels = actor(&import.dataset, "kur-group-reb").unwrap();
    assert_eq!(
        (rebels.name.as_str(), rebels.kind),
        ("Kurds Rebels", ActorKind::ArmedGroup)
    );
}

#[test]
fn generic_roles_take_the_rows_country_or_stay_out() {
    let imported = import("shapes.export.CSV", GdeltOptions::default());
    let dataset = &imported.dataset;
    for (id, name, state) in [
        ("ukr-gov", "Ukraine Government", "ukr"),
        ("rus-cop", "Russia Police forces", "rus"),
        ("tur-leg", "Turkey Legislature", "tur"),
        ("tur-med", "Turkey Media", "tur"),
    ] {
        let placed = actor(dataset, id).unwrap_or_else(|| panic!("no {id}"));
        assert_eq!(placed.name, name);
        let part_of = format!("{id}-part-of-{state}");
        assert!(dataset.relations.iter().any(|r| r.id.as_str() == part_of));
    }
    for hub in ["gov", "bus", "edu", "cop", "med", "leg"] {
        assert!(actor(dataset, hub).is_none(), "a worldwide `{hub}` actor");
    }
    let report = &imported.report;
    assert_eq!(
        report.skipped_by_reason.get("role without a country"),
        Some(&5)
    );
    assert_eq!((report.rows, report.imported, report.skipped), (32, 27, 5));

    // Left out by design, not bad rows: `--strict` skips them too.
    let strict = GdeltOptions {
        strict: true,
        ..GdeltOptions::default()
    };
    assert_eq!(import("shapes.export.CSV", strict).report.imported, 27);
}

#[test]
fn no_path_runs_through_a_countryless_role() {
    // Somalia meets some government, which meets Peru: one `gov` hub would link them.
    let output = dipgraph()
        .arg("--data")
        .arg(fixture("shapes.export.CSV"))
        .args(["path", "Somalia", "Peru"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
}

#[test]
fn generated_notes_are_not_shown_as_quotes() {
    for args in [["path", "Ukraine", "Russia"], ["dyad", "Ukraine", "Russia"]] {
        let output = dipgraph()
            .arg("--data")
            .arg(fixture("v2.export.CSV"))
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(stdout.contains("GDELT event 410412386:"), "{stdout}");
        assert!(!stdout.contains('“') && !stdout.contains('”'), "{stdout}");
    }
}

#[test]
fn events_under_another_name_get_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let events = dir.path().join("events.tsv");
    std::fs::copy(fixture("v2.export.CSV"), &events).unwrap();
    let output = dipgraph()
        .arg("--data")
        .arg(&events)
        .arg("actors")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("events.tsv:1:"), "{stderr}");
    assert!(
        stderr.contains("read it with `--input-format gdelt`"),
        "{stderr}"
    );
}

/// The fixture imported with and without `--dedupe`, in `dir`.
fn raw_and_deduplicated(dir: &Path) -> [PathBuf; 2] {
    ["raw.ron", "deduplicated.ron"].map(|name| {
        let out = dir.join(name);
        let mut import = dipgraph();
        import.args(["import", "gdelt", "-o"]).arg(&out);
        if name.starts_with("dedup") {
            import.arg("--dedupe");
        }
        let done = import.arg(fixture("shapes.export.CSV")).output().unwrap();
        assert!(done.status.success(), "{done:?}");
        out
    })
}

#[test]
fn dedupe_changes_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let [raw, deduplicated] = raw_and_deduplicated(dir.path());
    let answer = |data: &Path, args: &[&str]| {
        let output = dipgraph()
            .arg("--data")
            .arg(data)
            .args(args)
            .output()
            .unwrap();
        assert_ne!(output.status.code(), Some(2), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    // `neighbors` prints each neighbor's relations: `Russia (3 relations)` both ways.
    // Three USA → RUS accusations of one day: three relations raw, one with 3 events.
    let json = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let dyad = ["dyad", "USA", "RUS", "--format", "json"];
    let (before, after) = (
        json(answer(&raw, &dyad)),
        json(answer(&deduplicated, &dyad)),
    );
    assert_eq!(before["timeline"].as_array().unwrap().len(), 3);
    assert_eq!(after["timeline"].as_array().unwrap().len(), 1);
    for key in ["counts", "net", "a_to_b", "b_to_a"] {
        assert_eq!(before[key], after[key], "{key}");
    }
    assert_eq!(before["a_to_b"]["count"], 3);
    let summary = |text: String| text.lines().take(4).collect::<Vec<_>>().join("\n");
    for dyad in [["dyad", "USA", "RUS"], ["dyad", "France", "Germany"]] {
        assert_eq!(
            summary(answer(&raw, &dyad)),
            summary(answer(&deduplicated, &dyad))
        );
    }
    for args in [
        &["rank", "--by", "degree", "--format", "json"][..],
        &["rank", "--by", "pagerank", "--format", "json"],
        &["rank", "--by", "degree", "--directed", "--format", "json"],
        &["neighbors", "USA"],
        // France and Germany: one agreement (+8) and five accusations (−2 each), net −2, so
        // France–Germany–Italy is unbalanced; counted once, the five would make it +6.
        &["balance", "--format", "json"],
    ] {
        // Hop lines (indented four) list the relations themselves: fewer once merged.
        let counted = |text: String| -> Vec<String> {
            let lines = text.lines().filter(|line| !line.starts_with("    "));
            lines.map(str::to_owned).collect()
        };
        let (before, after) = (answer(&raw, args), answer(&deduplicated, args));
        assert_eq!(counted(before), counted(after), "{args:?}");
    }
}
