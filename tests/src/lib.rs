//! End-to-end and full-spec tests live in tests/tests/.
