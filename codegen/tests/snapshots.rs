//! Snapshots: the IR of every spec in `specs/` (its emitted code is
//! `generated/` itself), and IR plus emitted code of each fixture.

use codegen::{CrateOptions, SpecSource};

fn source(path: &std::path::Path) -> SpecSource {
    SpecSource {
        file: path.file_name().unwrap().to_string_lossy().into_owned(),
        module: path.file_stem().unwrap().to_string_lossy().into_owned(),
        text: std::fs::read_to_string(path).unwrap(),
        config: codegen::config::beside(path).unwrap(),
    }
}

#[test]
fn ir_of_specs() {
    insta::glob!("../../specs", "*.yaml", |path| {
        let api = codegen::lower(&source(path)).unwrap();
        insta::assert_snapshot!(serde_yaml::to_string(&api).unwrap());
    });
}

#[test]
fn fixtures() {
    insta::glob!("fixtures", "*.yaml", |path| {
        let spec = source(path);
        let generated = codegen::generate(
            std::slice::from_ref(&spec),
            &CrateOptions { name: "fixture".into(), standalone: true, ..Default::default() },
        )
        .unwrap();
        // Models are written as text, not printed from a parsed tree: each file must still be Rust.
        for (file, code) in generated.files.iter().filter(|(file, _)| file.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(code) {
                panic!("{}: {file} does not parse: {e}", path.display());
            }
        }
        let api = &generated.apis[0];
        let mut text = serde_yaml::to_string(api).unwrap();
        for file in ["models.rs", "resources.rs"] {
            let code = &generated.files[&format!("src/{}/{file}", api.module)];
            text.push_str(&format!("\n# ---- src/{}/{file}\n{code}", api.module));
        }
        insta::assert_snapshot!(text);
    });
}

/// Every committed snapshot belongs to a spec or fixture that still exists
/// (`cargo insta test --unreferenced=reject`, without needing cargo-insta).
#[test]
fn no_orphaned_snapshots() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = |test: &str, dir: &std::path::Path| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml"))
            .map(|n| format!("snapshots__{test}@{n}.snap"))
            .collect();
        names.sort();
        names
    };
    let mut wanted = expected("ir_of_specs", &root.join("../specs"));
    wanted.extend(expected("fixtures", &root.join("tests/fixtures")));
    wanted.sort();
    let mut present: Vec<String> = std::fs::read_dir(root.join("tests/snapshots"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    present.sort();
    assert_eq!(
        present, wanted,
        "snapshots without a spec or fixture (or pending .snap.new files): delete or review them"
    );
}
