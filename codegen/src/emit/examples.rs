//! The example harness (`CrateOptions::example_tests`): `tests/examples.json`
//! holds every example of the specs with a key naming the Rust type it
//! illustrates; `tests/examples.rs` decodes each into that type, encodes it
//! back and compares, printing counts and one line per failure.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{lib_ident, rust_type_in};
use super::{format_file, HEADER};
use crate::ir::{Api, ExampleValue};

/// `tests/examples.rs` and `tests/examples.json` for `apis`, in crate `crate_name`.
pub fn files(apis: &[Api], crate_name: &str) -> Result<super::Files, String> {
    let krate = lib_ident(crate_name);
    let runtime = format!("{krate}::runtime");
    // One match arm per distinct type, not per example: compile time.
    let mut arms: BTreeMap<String, TokenStream> = BTreeMap::new();
    let mut entries = Vec::new();
    for api in apis {
        let models = format!("{krate}::{}::models::", api.module);
        for example in &api.examples {
            let key = format!("{}::{}", api.module, api.types.show(&example.ty));
            arms.entry(key.clone()).or_insert_with(|| rust_type_in(&api.types, &example.ty, &models, &runtime));
            // Everything as text: a `null` example stays apart from "no value".
            let text = match &example.value {
                ExampleValue::Json(value) => value.to_string(),
                ExampleValue::Text(text) => text.clone(),
            };
            let entry = serde_json::json!({
                "module": api.module, "pointer": example.pointer, "type": key, "text": text,
            });
            entries.push(entry.to_string());
        }
    }
    let header = serde_json::Value::from(HEADER);
    let data = format!("{{\"generated\": {header},\n\"examples\": [\n{}\n]}}\n", entries.join(",\n"));
    let mut files = format_file("tests/examples.rs", test_source(&krate, &arms))?;
    files.insert("tests/examples.json".into(), data);
    Ok(files)
}

fn test_source(krate: &proc_macro2::Ident, arms: &BTreeMap<String, TokenStream>) -> TokenStream {
    let arms = arms.iter().map(|(key, ty)| quote! { #key => check::<#ty>(bytes, input), });
    quote! {
        //! Every example of the specs (`examples.json`), decoded into the Rust
        //! type it illustrates, encoded back and compared with the input.
        //! Enums are strict here: a value the spec does not list is an error.
        //! Run with `-- --nocapture` to see the report; it does not judge.

        use std::collections::BTreeMap;

        use serde::de::DeserializeOwned;
        use serde::Serialize;
        use serde_json::Value;

        #[derive(serde::Deserialize)]
        struct Data {
            examples: Vec<Example>,
        }

        #[derive(serde::Deserialize)]
        struct Example {
            module: String,
            pointer: String,
            #[serde(rename = "type")]
            ty: String,
            text: String,
        }

        #[derive(Default)]
        struct Counts {
            found: usize,
            valid: usize,
            ok: usize,
            failed: usize,
        }

        #[test]
        fn examples() {
            #krate::runtime::set_strict(true);
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/examples.json");
            let text = std::fs::read_to_string(path).expect("read tests/examples.json");
            let data: Data = serde_json::from_str(&text).expect("parse tests/examples.json");
            let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
            let mut failures = Vec::new();
            for example in &data.examples {
                let counts = counts.entry(&example.module).or_default();
                counts.found += 1;
                // Text that is not JSON is counted, not failed: there is nothing to type.
                let Ok(input) = serde_json::from_str::<Value>(&example.text) else { continue };
                counts.valid += 1;
                match check_type(&example.ty, example.text.as_bytes(), &input) {
                    Ok(()) => counts.ok += 1,
                    Err(reason) => {
                        counts.failed += 1;
                        failures.push(format!("FAIL {} {}: {}", example.module, example.pointer, clip(&reason, 200)));
                    }
                }
            }
            for (module, c) in &counts {
                println!(
                    "{module}: examples found: {}, valid JSON: {}, typed OK: {}, failed: {}",
                    c.found, c.valid, c.ok, c.failed
                );
            }
            for failure in &failures {
                println!("{failure}");
            }
        }

        fn check_type(ty: &str, bytes: &[u8], input: &Value) -> Result<(), String> {
            match ty {
                #(#arms)*
                other => Err(format!("no Rust type for `{other}`")),
            }
        }

        /// Decodes as the client decodes a response, encodes as it encodes a body.
        fn check<T: DeserializeOwned + Serialize>(bytes: &[u8], input: &Value) -> Result<(), String> {
            let mut de = serde_json::Deserializer::from_slice(bytes);
            let typed: T = serde_path_to_error::deserialize(&mut de)
                .map_err(|e| format!("decode at `{}`: {}", e.path(), e.inner()))?;
            let encoded = serde_json::to_vec(&typed).map_err(|e| format!("encode: {e}"))?;
            let back: Value = serde_json::from_slice(&encoded).map_err(|e| format!("re-read: {e}"))?;
            match difference(input, &back, "") {
                Some(difference) => Err(format!("round trip: {difference}")),
                None => Ok(()),
            }
        }

        /// The first place where `back` differs from `input`, key order aside,
        /// `null` and absent alike, numbers compared by value.
        fn difference(input: &Value, back: &Value, path: &str) -> Option<String> {
            match (input, back) {
                (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => None,
                (Value::Object(a), Value::Object(b)) => a.keys().chain(b.keys()).find_map(|key| {
                    let (x, y) = (a.get(key).unwrap_or(&Value::Null), b.get(key).unwrap_or(&Value::Null));
                    difference(x, y, &format!("{path}/{key}"))
                }),
                (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
                    a.iter().zip(b).enumerate().find_map(|(i, (x, y))| difference(x, y, &format!("{path}/{i}")))
                }
                _ if input == back => None,
                (_, Value::Null) => Some(format!("`{path}` dropped")),
                _ => Some(format!("`{path}` was {} and became {}", short(input), short(back))),
            }
        }

        fn short(value: &Value) -> String {
            clip(&value.to_string(), 60)
        }

        /// One line of at most `max` characters.
        fn clip(text: &str, max: usize) -> String {
            let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match line.char_indices().nth(max) {
                Some((cut, _)) => format!("{}…", &line[..cut]),
                None => line,
            }
        }
    }
}
