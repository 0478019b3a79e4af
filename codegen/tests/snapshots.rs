//! Snapshots: the IR of every spec in `specs/` (its emitted code is
//! `generated/` itself), and IR plus emitted code of each fixture.

use codegen::{CrateOptions, SpecSource};

fn source(path: &std::path::Path) -> SpecSource {
    SpecSource {
        file: path.file_name().unwrap().to_string_lossy().into_owned(),
        module: path.file_stem().unwrap().to_string_lossy().into_owned(),
        text: std::fs::read_to_string(path).unwrap(),
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
        let generated = codegen::generate(std::slice::from_ref(&spec), &CrateOptions { name: "fixture".into(), standalone: true }).unwrap();
        let api = &generated.apis[0];
        let mut text = serde_yaml::to_string(api).unwrap();
        for file in ["models.rs", "resources.rs"] {
            let code = &generated.files[&format!("src/{}/{file}", api.module)];
            text.push_str(&format!("\n# ---- src/{}/{file}\n{code}", api.module));
        }
        insta::assert_snapshot!(text);
    });
}
