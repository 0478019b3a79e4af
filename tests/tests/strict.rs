//! `runtime::set_strict_enums` switches the whole process, so it has a test
//! binary of its own: the other tests see the default.

use generated::openai::models::{VectorStoreFileBatchObjectKind, VectorStoreFileBatchObjectStatus};
use generated::runtime;

#[test]
fn strict_enums_refuse_unlisted_values_only_while_switched_on() {
    let read = |text: &str| serde_json::from_str::<VectorStoreFileBatchObjectStatus>(text);
    // Off by default (the workspace does not enable the `strict` feature).
    assert!(!runtime::strict_enums());

    runtime::set_strict_enums(true);
    let refused = read(r#""paused""#).unwrap_err().to_string();
    assert!(refused.contains("unknown variant `paused`"), "{refused}");
    assert_eq!(read(r#""completed""#).unwrap(), VectorStoreFileBatchObjectStatus::Completed);
    // A constant the server answers differently (seed 001) is refused too.
    assert!(serde_json::from_str::<VectorStoreFileBatchObjectKind>(r#""vector_store.file_batch""#).is_err());

    runtime::set_strict_enums(false);
    assert_eq!(read(r#""paused""#).unwrap(), VectorStoreFileBatchObjectStatus::Unknown("paused".into()));
}
