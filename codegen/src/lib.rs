//! OpenAPI → Rust client generator: load → ir → emit.
//!
//! [`generate`] runs the pipeline in memory; [`output`] puts the result in
//! place. The caller (xtask) decides which files are read and where.

pub mod emit;
mod error;
pub mod ir;
pub mod load;
pub mod output;
mod quiet_panic;
pub mod sample;

pub use emit::{CrateOptions, Files};
pub use error::{escape_controls, pointer_token, Error};
pub use quiet_panic::install_hook as install_panic_hook;

/// One spec to generate from.
pub struct SpecSource {
    /// How errors name the file (e.g. `specs/openai.yaml`).
    pub file: String,
    /// The Rust module it becomes (the file stem).
    pub module: String,
    pub text: String,
}

/// Everything one generation produced.
pub struct Generated {
    pub files: Files,
    pub apis: Vec<ir::Api>,
}

/// Loads, lowers and emits all specs into one crate. Nothing is written.
pub fn generate(specs: &[SpecSource], options: &CrateOptions) -> Result<Generated, Error> {
    let apis = specs.iter().map(lower).collect::<Result<Vec<_>, _>>()?;
    let files = emit::emit_crate(&apis, options).map_err(|message| Error::new("<generated>", "", message))?;
    Ok(Generated { files, apis })
}

/// Load and lower one spec.
pub fn lower(spec: &SpecSource) -> Result<ir::Api, Error> {
    let loaded = load::load(&spec.file, &spec.text)?;
    ir::lower(&loaded, &spec.module)
}
