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
    assert!(summary.contains("v2.export.CSV:7: 3 columns"), "{summary}");
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
