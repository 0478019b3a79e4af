//! The runtime's source, embedded so every generated crate stands alone.

pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
];

pub const RUNTIME_DEPENDENCIES: &str = include_str!("../../runtime/dependencies.toml");
pub const RUNTIME_FEATURES: &str = include_str!("../../runtime/features.toml");
