//! The JSON Schema of the doctor's snapshot, `snapshot.schema.json`: generated from the
//! types, kept in the repository, and checked against every sample snapshot.
#![cfg(feature = "schema")]

use std::path::{Path, PathBuf};

use wmp_bits::doctor::Snapshot;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_path() -> PathBuf {
    root().join("snapshot.schema.json")
}

/// The schema the types give, as the file holds it.
fn generated() -> String {
    let schema = schemars::schema_for!(Snapshot);
    let mut text = serde_json::to_string_pretty(&schema).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_committed_schema_is_the_one_the_types_give() {
    let want = generated();
    if std::env::var_os("WMP_BITS_WRITE_SCHEMA").is_some() {
        std::fs::write(schema_path(), &want).unwrap();
    }
    let have = std::fs::read_to_string(schema_path()).unwrap_or_default();
    assert!(
        have == want,
        "snapshot.schema.json is not the schema of doctor::Snapshot; write it again with \
         WMP_BITS_WRITE_SCHEMA=1 cargo test -p wmp-bits --features schema --test snapshot_schema"
    );
}

/// Compiles the committed schema, and checks `instance` against it.
fn validate(instance: &serde_json::Value) -> Result<(), String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "file:///snapshot.schema.json";
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    compiler.add_resource(url, schema).unwrap();
    let index = compiler.compile(url, &mut schemas).unwrap();
    schemas
        .validate(instance, index)
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn every_sample_snapshot_meets_the_schema_and_reads_as_a_snapshot() {
    let data = root().join("tests/data");
    let mut samples = 0;
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        validate(&value).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str::<Snapshot>(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        samples += 1;
    }
    assert!(
        samples >= 2,
        "the sample snapshots in {} were not found",
        data.display()
    );
}

#[test]
fn the_schema_refuses_what_the_snapshot_refuses() {
    for bad in [
        // A misspelt field, a state BITS does not have, a file without its local name, a
        // description that is not text.
        r#"{"jobs": [{"id": "{1}", "description": "", "job_type": "download"}]}"#,
        r#"{"jobs": [{"id": "{1}", "description": "", "state": "paused"}]}"#,
        r#"{"jobs": [{"id": "{1}", "description": "", "files": [{"remote_name": "x"}]}]}"#,
        r#"{"jobs": [{"id": "{1}", "description": 7}]}"#,
        r#"{"refresh_download": -1, "jobs": []}"#,
    ] {
        let value: serde_json::Value = serde_json::from_str(bad).unwrap();
        assert!(validate(&value).is_err(), "the schema takes {bad}");
        assert!(
            serde_json::from_str::<Snapshot>(bad).is_err(),
            "a snapshot reads {bad}"
        );
    }
    let good = r#"{"user": "PC\\Pat", "refresh_download": 1, "jobs": [{"id": "{1}",
        "description": "::WMP_JOB:1:1:P::::::", "state": "transferring",
        "progress": {"bytes_transferred": 10, "bytes_total": 20}}]}"#;
    let value: serde_json::Value = serde_json::from_str(good).unwrap();
    validate(&value).unwrap();
}
