//! OpenAPI → Rust client generator: load → ir → emit.
//!
//! [`generate`] runs the pipeline in memory; [`output`] puts the result in
//! place. The caller (xtask) decides which files are read and where.

pub mod config;
pub mod diff;
pub mod emit;
mod error;
pub mod ir;
pub mod load;
mod markdown;
pub mod output;
mod quiet_panic;
pub mod sample;

pub use emit::{CrateOptions, Files};
pub use error::{escape_controls, pointer_token, Error};
pub use quiet_panic::install_hook as install_panic_hook;

/// One spec to generate from.
#[derive(Debug, Clone, Default)]
pub struct SpecSource {
    /// How errors name the file (e.g. `specs/openai.yaml`).
    pub file: String,
    /// The Rust module it becomes (the file stem).
    pub module: String,
    pub text: String,
    /// The generator config beside the spec (`specs/NAME.toml`), when there is one.
    pub config: Option<config::ConfigSource>,
}

/// Everything one generation produced.
pub struct Generated {
    pub files: Files,
    pub apis: Vec<ir::Api>,
}

/// Loads, lowers and emits all specs into one crate. Nothing is written.
pub fn generate(specs: &[SpecSource], options: &CrateOptions) -> Result<Generated, Error> {
    config::check_crate_name(&options.name).map_err(|message| Error::new("CrateOptions", "/name", message))?;
    let mut apis = specs.iter().map(lower).collect::<Result<Vec<_>, _>>()?;
    // Stems that differ only in punctuation (`a-b`, `a_b`) would be one module.
    let mut modules = ir::names::Scope::with_reserved(ir::names::reserved::MODULES);
    for api in &mut apis {
        api.module = modules.claim(&api.module);
    }
    ir::features::for_crate(&mut apis);
    let files = emit::emit_crate(&apis, options).map_err(|message| Error::new("<generated>", "", message))?;
    Ok(Generated { files, apis })
}

/// The crate name the specs' configs ask for (`crate_name`), when any does;
/// an error naming the config that disagrees with an earlier one.
pub fn crate_name(specs: &[SpecSource]) -> Result<Option<String>, Error> {
    let mut chosen: Option<(String, String)> = None;
    for source in specs.iter().filter_map(|s| s.config.as_ref()) {
        let Some(name) = config::parse(source)?.crate_name else { continue };
        match &chosen {
            Some((first, file)) if *first != name => {
                let line = source.text.lines().position(|l| l.contains("crate_name")).map(|i| i + 1);
                let message = format!("crate_name `{name}` differs from `{first}` in {file}: one crate has one name");
                return Err(Error::new(&source.file, "/crate_name", message).at_line(line));
            }
            Some(_) => {}
            None => chosen = Some((name, source.file.clone())),
        }
    }
    Ok(chosen.map(|(name, _)| name))
}

/// Load and lower one spec.
pub fn lower(spec: &SpecSource) -> Result<ir::Api, Error> {
    let config = spec.config.as_ref().map(config::parse).transpose()?.unwrap_or_default();
    let loaded = load::load(&spec.file, &spec.text)?;
    ir::lower_with(&loaded, &spec.module, &config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_gets_a_module_of_its_own() {
        let spec = |stem: &str| SpecSource {
            file: format!("{stem}.yaml"),
            module: stem.into(),
            text: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            config: None,
        };
        let options = CrateOptions { name: "x".into(), ..Default::default() };
        let stems = ["a-b", "a_b", "runtime", "lib", "main", "bin"];
        let generated = generate(&stems.map(spec), &options).unwrap();
        let modules: Vec<&str> = generated.apis.iter().map(|a| a.module.as_str()).collect();
        assert_eq!(modules, ["a_b", "a_b_2", "runtime_2", "lib_2", "main_2", "bin_2"]);
        assert!(!generated.files.keys().any(|f| f.starts_with("src/lib/") || f.starts_with("src/bin/")));
        assert!(generated.files.contains_key("src/a_b_2/mod.rs"));
        assert!(generated.files["src/lib.rs"].contains("pub mod runtime_2;"));
    }

    #[test]
    fn a_spec_without_operations_gets_a_contract_test_with_nothing_unused() {
        let spec = |stem: &str, paths: &str| SpecSource {
            file: format!("{stem}.yaml"),
            module: stem.into(),
            text: format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {paths}\n"),
            config: None,
        };
        let ping = "{/ping: {get: {operationId: ping, responses: {'200': {description: OK, content: {text/plain: {schema: {type: string}}}}}}}}";
        let options = CrateOptions { name: "x".into(), contract_tests: true, ..Default::default() };
        let generated = generate(&[spec("empty", "{}"), spec("pinged", ping)], &options).unwrap();
        let contract = &generated.files["tests/contract.rs"];
        let empty = &contract[contract.find("mod empty").unwrap()..contract.find("mod pinged").unwrap()];
        assert!(empty.contains("no operations to call") && !empty.contains("Suite::new"), "{empty}");
        let pinged = &contract[contract.find("mod pinged").unwrap()..];
        assert!(pinged.contains("use x::pinged::Client;"), "no `models` when no call names one: {pinged}");
    }

    #[test]
    fn crate_name_and_user_agent_come_from_the_config() {
        let spec = |stem: &str, config: &str| SpecSource {
            file: format!("specs/{stem}.yaml"),
            module: stem.into(),
            text: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            config: Some(config::ConfigSource { file: format!("specs/{stem}.toml"), text: config.into() }),
        };
        let a = spec("a", "crate_name = \"acme\"\nuser_agent = \"acme-sdk/2.0\"\n");
        assert_eq!(crate_name(&[a.clone(), spec("b", "")]).unwrap().as_deref(), Some("acme"));
        assert_eq!(crate_name(&[spec("b", "")]).unwrap(), None);
        let e = crate_name(&[a.clone(), spec("c", "\ncrate_name = \"other\"\n")]).unwrap_err().to_string();
        assert!(e.starts_with("specs/c.toml:2:") && e.contains("/crate_name") && e.contains("specs/a.toml"), "{e}");
        let generated = generate(&[a], &CrateOptions { name: "acme".into(), ..Default::default() }).unwrap();
        assert!(generated.files["src/a/mod.rs"].contains(r#".header("User-Agent", "acme-sdk/2.0")"#));
    }
}
