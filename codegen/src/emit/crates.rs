//! The crates beside the main one when a spec is split (`ir/parts.rs`): the
//! runtime and each type crate live under `parts/`, each with its
//! `Cargo.toml`, and the main crate depends on them by path. Prints the IR's
//! parts; the names follow the main crate's.

use super::runtime_files::{RUNTIME_DEPENDENCIES, RUNTIME_FEATURES};
use super::HEADER;
use crate::ir::Api;

/// One crate under `parts/`.
#[derive(Debug, Clone)]
pub struct SideCrate {
    /// Cargo package name, e.g. `generated-openai-shared`.
    pub package: String,
    /// Its name in Rust paths, e.g. `generated_openai_shared`.
    pub lib: String,
    /// Directory in the generated crate, e.g. `parts/openai-shared`.
    pub dir: String,
    /// What it holds, for its docs and description, e.g. ``Part `a` of the types of module `openai` ``.
    pub about: String,
    /// Indexes, among its spec's type crates, of those it depends on (`ir::parts::Part::uses`).
    pub uses: Vec<usize>,
}

impl SideCrate {
    fn new(package: String, dir: String, about: String, uses: Vec<usize>) -> Self {
        SideCrate { lib: package.replace('-', "_"), package, dir, about, uses }
    }

    /// The `[dependencies]` line of this crate in a crate `up` levels below the generated crate's root.
    fn dependency(&self, up: usize) -> String {
        format!("{} = {{ path = \"{}{}\" }}\n", self.package, "../".repeat(up), self.dir)
    }
}

/// The runtime as a crate of its own: every type crate needs it.
pub fn runtime_crate(name: &str) -> SideCrate {
    SideCrate::new(format!("{name}-runtime"), "parts/runtime".into(), "The runtime".into(), Vec::new())
}

/// The type crates of `api`, in build order (empty when it is not split).
pub fn type_crates(name: &str, api: &Api) -> Vec<SideCrate> {
    let module = api.module.trim_start_matches("r#");
    let kebab = module.replace('_', "-");
    let Some(parts) = &api.parts else { return Vec::new() };
    parts
        .parts
        .iter()
        .map(|part| {
            SideCrate::new(
                format!("{name}-{kebab}-{}", part.name),
                format!("parts/{kebab}-{}", part.name),
                format!("Part `{}` of the types of module `{module}`", part.name),
                part.uses.clone(),
            )
        })
        .collect()
}

/// The packages beside the main crate: the runtime's and every type crate's,
/// none when no spec is split. `cargo xtask bench` times them with it.
pub fn side_packages(apis: &[Api], name: &str) -> Vec<String> {
    let types: Vec<String> = apis.iter().flat_map(|api| type_crates(name, api)).map(|krate| krate.package).collect();
    match types.is_empty() {
        true => types,
        false => std::iter::once(runtime_crate(name).package).chain(types).collect(),
    }
}

fn package(header: &str, krate: &SideCrate, description: &str) -> String {
    // The runtime's dependencies, without the comment addressed to the main crate.
    let dependencies: String =
        RUNTIME_DEPENDENCIES.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    format!(
        "{header}\n[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\ndescription = \"{description}\"\n\n[lib]\ndoctest = false\n\n[dependencies]\n{dependencies}",
        krate.package,
    )
}

/// `Cargo.toml` of the runtime crate: the runtime's dependencies and features.
pub fn runtime_manifest(runtime: &SideCrate, name: &str) -> String {
    let header = HEADER.replacen("//", "#", 1);
    let head = package(&header, runtime, &format!("{} of the `{name}` crate", runtime.about));
    format!("{head}\n{}", RUNTIME_FEATURES.trim_end()) + "\n"
}

/// `src/lib.rs` of the runtime crate: the runtime module, at the path the code names (`crate::runtime`).
pub fn runtime_lib(name: &str) -> String {
    format!(
        "{HEADER}\n//! The runtime of the `{name}` crate, which re-exports it as `{}::runtime`.\n#![warn(missing_docs)]\npub mod runtime;\n",
        name.replace('-', "_")
    )
}

/// The runtime's features in the main crate: each turns on the runtime crate's.
pub fn forwarded_runtime_features(runtime: &SideCrate) -> String {
    RUNTIME_FEATURES
        .lines()
        .map(|line| match line.split_once(" = ") {
            Some((feature, _)) if !line.starts_with('#') => {
                format!("{feature} = [\"{}/{feature}\"]\n", runtime.package)
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// `Cargo.toml` of type crate `index` of `api`: the runtime, the crates it
/// uses, and the spec's features (its types are gated by them as in one crate).
pub fn part_manifest(api: &Api, crates: &[SideCrate], index: usize, runtime: &SideCrate, name: &str) -> String {
    let header = HEADER.replacen("//", "#", 1);
    let krate = &crates[index];
    let mut out = package(&header, krate, &format!("{} of the `{name}` crate", krate.about)) + &runtime.dependency(2);
    for &used in &krate.uses {
        out.push_str(&crates[used].dependency(2));
    }
    out.push_str("\n[features]\n");
    for feature in api.features.resources.iter().map(|f| f.name.as_str()).chain([api.features.all.as_str()]) {
        out.push_str(&format!("{feature} = []\n"));
    }
    out
}

/// The main crate's `[dependencies]` lines for the runtime and type crates.
pub fn dependencies<'a>(runtime: &'a SideCrate, crates: impl Iterator<Item = &'a SideCrate>) -> String {
    std::iter::once(runtime).chain(crates).map(|c| c.dependency(0)).collect()
}
