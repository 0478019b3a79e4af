//! The runtime's source, embedded so every generated crate stands alone.

pub const RUNTIME_FILES: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("body.rs", include_str!("../../runtime/body.rs")),
    ("call.rs", include_str!("../../runtime/call.rs")),
    ("config.rs", include_str!("../../runtime/config.rs")),
    ("constant.rs", include_str!("../../runtime/constant.rs")),
    ("double_option.rs", include_str!("../../runtime/double_option.rs")),
    ("enums.rs", include_str!("../../runtime/enums.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("json_object.rs", include_str!("../../runtime/json_object.rs")),
    ("fields.rs", include_str!("../../runtime/fields.rs")),
    ("file.rs", include_str!("../../runtime/file.rs")),
    ("helpers.rs", include_str!("../../runtime/helpers.rs")),
    ("media.rs", include_str!("../../runtime/media.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("object.rs", include_str!("../../runtime/object.rs")),
    ("pagination.rs", include_str!("../../runtime/pagination.rs")),
    ("params.rs", include_str!("../../runtime/params.rs")),
    ("path.rs", include_str!("../../runtime/path.rs")),
    ("redirect.rs", include_str!("../../runtime/redirect.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("send.rs", include_str!("../../runtime/send.rs")),
    ("sse.rs", include_str!("../../runtime/sse.rs")),
    ("styles.rs", include_str!("../../runtime/styles.rs")),
    ("tagged.rs", include_str!("../../runtime/tagged.rs")),
    ("tolerant.rs", include_str!("../../runtime/tolerant.rs")),
    ("untagged.rs", include_str!("../../runtime/untagged.rs")),
];

pub const RUNTIME_DEPENDENCIES: &str = include_str!("../../runtime/dependencies.toml");
pub const RUNTIME_FEATURES: &str = include_str!("../../runtime/features.toml");
