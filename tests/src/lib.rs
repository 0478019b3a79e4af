//! End-to-end tests of the generated crate live in `tests/tests/`.
//!
//! The README's usage example is compiled here, so it cannot rot.
#![doc = include_str!("../../README.md")]

pub mod harness;
pub mod inline_rule;
