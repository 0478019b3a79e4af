//! The contract harness (`CrateOptions::contract_tests`): `tests/contract.json`
//! holds sample arguments of every operation (built from the IR by
//! [`crate::sample`]); `tests/contract.rs` calls each operation with them
//! against the server named by `<MODULE>_CONTRACT_URL` (a validating mock such
//! as Prism) and records whether the request was accepted and the answer typed.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{ident, lib_ident, rust_type_in};
use super::{format_file, HEADER};
use crate::ir::graph::named_in;
use crate::ir::{Api, Decoder, Method, MethodArg, MethodVariant, Operation, Pass, Type, Types};
use crate::sample;

/// Lines of the generated crate's `[dev-dependencies]` the harness needs.
pub const DEV_DEPENDENCIES: &str = "tokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n";

/// `tests/contract.rs` and `tests/contract.json` for `apis`, in crate `crate_name`.
pub fn files(apis: &[Api], crate_name: &str) -> Result<super::Files, String> {
    let krate = lib_ident(crate_name);
    let mut data = serde_json::Map::new();
    let mut modules = Vec::new();
    for api in apis {
        let mut samples = serde_json::Map::new();
        let mut calls = Vec::new();
        let mut uses_models = false;
        for op in &api.operations {
            if samples.contains_key(&op.id) {
                return Err(format!("{}: operation id `{}` is used twice", api.module, op.id));
            }
            // The plain method, and the multipart variant too: another encoding
            // of the same body. The streaming variant needs an event stream.
            // A mock answers no event stream (Prism cannot serialize one).
            let streams = |m: &&Method| m.variant == MethodVariant::Stream || matches!(m.decoder, Decoder::Events(_));
            for method in op.methods.iter().filter(|m| !streams(m)) {
                let id = match method.variant {
                    MethodVariant::Multipart => format!("{}:multipart", op.id),
                    _ => op.id.clone(),
                };
                samples.insert(id.clone(), serde_json::Value::Object(sample::call_args(api, op, method)));
                calls.push(call(&api.types, op, &id, method));
                uses_models |= method.args.iter().any(names_a_model);
            }
        }
        data.insert(api.module.clone(), serde_json::Value::Object(samples));
        modules.push(module(api, &krate, &calls, uses_models));
    }
    let mut json = serde_json::to_string_pretty(&serde_json::json!({ "generated": HEADER, "operations": data }))
        .map_err(|e| format!("contract.json: {e}"))?;
    json.push('\n');
    let mut files = format_file("tests/contract.rs", test_source(&krate, &modules))?;
    files.insert("tests/contract.json".into(), json);
    Ok(files)
}

/// `call!(suite, "id", |arg: Type, …| client.ns().method(&arg, …));`
fn call(types: &Types, op: &Operation, id: &str, method: &Method) -> TokenStream {
    let mut params = Vec::new();
    let mut args = Vec::new();
    for arg in &method.args {
        let name = ident(&arg.rust_name);
        // Each sample is decoded into an owned value and lent to the call.
        let (ty, lend) = match arg.pass {
            Pass::Value => (arg_type(types, &arg.ty), false),
            Pass::Str => (quote! { String }, true),
            Pass::Ref => (arg_type(types, &arg.ty), true),
            Pass::Bytes => (quote! { String }, false),
        };
        params.push(quote! { #name: #ty });
        args.push(if lend {
            quote! { &#name }
        } else {
            quote! { #name }
        });
    }
    let namespaces = op.resource.iter().map(|r| ident(r));
    let method = ident(&method.name);
    quote! {
        call!(suite, #id, |#(#params),*| client #(.#namespaces())* .#method(#(#args),*));
    }
}

/// Whether the test file writes the argument's type, and that type is or
/// holds a type of `models` (so the module imports `models`).
fn names_a_model(arg: &MethodArg) -> bool {
    matches!(arg.pass, Pass::Value | Pass::Ref) && named_in(&arg.ty).is_some()
}

/// The Rust type of an argument, as the test file names it.
fn arg_type(types: &Types, ty: &Type) -> TokenStream {
    rust_type_in(types, ty, "models::", "runtime")
}

/// One test per spec module: a client with every credential set, then every operation.
fn module(api: &Api, krate: &proc_macro2::Ident, calls: &[TokenStream], uses_models: bool) -> TokenStream {
    let module = ident(&api.module);
    let name = &api.module;
    let var = format!("{}_CONTRACT_URL", api.module.to_uppercase());
    let skipped = format!("skipped: {var} is not set");
    let auth = api.auth.iter().map(|a| {
        let method = ident(&a.method);
        quote! { .#method("contract-test-credential") }
    });
    if calls.is_empty() {
        let none = format!("{name}: no operations to call");
        return quote! {
            mod #module {
                #[test]
                fn contract() {
                    println!(#none);
                }
            }
        };
    }
    // Only calls with a model among their arguments name `models`.
    let imports = if uses_models {
        quote! { {models, Client} }
    } else {
        quote! { Client }
    };
    quote! {
        mod #module {
            use super::*;
            use #krate::#module::#imports;

            #[tokio::test]
            async fn contract() {
                // The answers must be what the spec says: no unlisted enum value.
                runtime::set_strict(true);
                let Ok(base_url) = std::env::var(#var) else {
                    println!(#skipped);
                    return;
                };
                let client = Client::builder()
                    .base_url(base_url)
                    .max_retries(0)
                    .timeout(Duration::from_secs(60))
                    #(#auth)*
                    .build()
                    .expect("client");
                let mut suite = Suite::new(#name);
                #(#calls)*
                suite.finish();
            }
        }
    }
}

fn test_source(krate: &proc_macro2::Ident, modules: &[TokenStream]) -> TokenStream {
    quote! {
        //! Every operation called once with the sample arguments of
        //! `contract.json` against the server `<MODULE>_CONTRACT_URL` names (a
        //! validating mock such as Prism), with strict enums. Run with `-- --nocapture`.
        //! Each operation's main method is called, and its multipart variant too
        //! (as `<operationId>:multipart`). Prints `operations called: N, requests
        //! accepted: N, responses typed: N` (an operation counts when all its calls
        //! do) and one `FAIL <module> <call>: <reason>` line per failed call.
        #![allow(deprecated, unused_labels)]

        use std::time::Duration;

        use serde::de::DeserializeOwned;
        use serde_json::Value;

        use #krate::runtime::{self, Call, HeaderMap};

        /// What calling one operation showed.
        enum Outcome {
            /// Accepted, and the answer decoded into the generated type.
            Typed,
            /// The server said the request breaks the spec.
            Rejected(String),
            /// Accepted, but the answer is not the generated type.
            Untyped(String),
            /// Not sent: the arguments or the request could not be built, or no answer came.
            NotSent(String),
        }

        struct Suite {
            module: &'static str,
            samples: Value,
            /// Per operation (calls of its variants share one entry): called, accepted, typed.
            operations: Vec<(String, [bool; 3])>,
            failures: Vec<String>,
        }

        impl Suite {
            fn new(module: &'static str) -> Self {
                let all: Value = serde_json::from_str(include_str!("contract.json")).expect("contract.json");
                Suite { module, samples: all["operations"][module].clone(), operations: Vec::new(), failures: Vec::new() }
            }

            fn args(&self, id: &str) -> Value {
                self.samples[id].clone()
            }

            /// `id` is the operation id, or `<id>:<variant>` for another method of it.
            fn record(&mut self, id: &str, outcome: Outcome) {
                let (now, problem) = match outcome {
                    Outcome::Typed => ([true; 3], None),
                    Outcome::Rejected(reason) => ([true, false, false], Some(format!("request rejected: {reason}"))),
                    Outcome::Untyped(reason) => ([true, true, false], Some(format!("response not typed: {reason}"))),
                    Outcome::NotSent(reason) => ([false; 3], Some(format!("not sent: {reason}"))),
                };
                let operation = id.split(':').next().unwrap_or(id);
                match self.operations.iter_mut().find(|(o, _)| o == operation) {
                    Some((_, flags)) => flags.iter_mut().zip(now).for_each(|(flag, now)| *flag &= now),
                    None => self.operations.push((operation.to_string(), now)),
                }
                if let Some(problem) = problem {
                    self.failures.push(format!("FAIL {} {id}: {problem}", self.module));
                }
            }

            fn finish(self) {
                let count = |i: usize| self.operations.iter().filter(|(_, flags)| flags[i]).count();
                println!(
                    "{}: operations called: {}, requests accepted: {}, responses typed: {}",
                    self.module,
                    count(0),
                    count(1),
                    count(2)
                );
                for line in &self.failures {
                    println!("{line}");
                }
                assert!(self.failures.is_empty(), "{} calls failed the contract", self.failures.len());
            }
        }

        /// One argument from the samples, through its generated type.
        fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, String> {
            let value = args.get(name).cloned().unwrap_or(Value::Null);
            serde_json::from_value(value).map_err(|e| format!("sample `{name}` does not decode: {e}"))
        }

        /// Calls one operation with its sample arguments and records the outcome.
        macro_rules! call {
            ($suite:ident, $id:literal, |$($arg:ident: $ty:ty),*| $call:expr) => {{
                let _args = $suite.args($id);
                let outcome = 'call: {
                    $(
                        let $arg: $ty = match arg(&_args, stringify!($arg)) {
                            Ok(value) => value,
                            Err(reason) => break 'call Outcome::NotSent(reason),
                        };
                    )*
                    check($call).await
                };
                $suite.record($id, outcome);
            }};
        }

        async fn check<T>(call: Call<T>) -> Outcome {
            match call.send_with_response().await {
                Ok(response) => {
                    let (request, _) = violations(&response.headers);
                    match request {
                        Some(reason) => Outcome::Rejected(format!("status {}: {reason}", response.status.as_u16())),
                        None => Outcome::Typed,
                    }
                }
                Err(runtime::Error::Api(e)) => {
                    let (request, response) = violations(&e.headers);
                    let status = e.status.as_u16();
                    // Prism's own problem+json: a request it cannot accept (4xx) or serve (5xx).
                    let prism = e.body_excerpt.contains("stoplight.io/prism/errors#");
                    match request {
                        Some(reason) => Outcome::Rejected(format!("status {status}: {reason}")),
                        None if prism && status < 500 => {
                            Outcome::Rejected(format!("status {status}: {}", problem(&e.body_excerpt)))
                        }
                        None if prism => Outcome::Untyped(format!(
                            "status {status}, the mock cannot serve it: {}",
                            problem(&e.body_excerpt)
                        )),
                        None => Outcome::Untyped(format!(
                            "status {status}: {}{}",
                            one_line(&e.body_excerpt),
                            response.map(|r| format!(" (the mock's response breaks the spec: {r})")).unwrap_or_default()
                        )),
                    }
                }
                Err(runtime::Error::Decode(e)) => Outcome::Untyped(format!("{e}; body: {}", one_line(&e.body_excerpt))),
                Err(e) => Outcome::NotSent(e.to_string()),
            }
        }

        /// Errors Prism lists in `sl-violations`: those in the request, those in its own response.
        fn violations(headers: &HeaderMap) -> (Option<String>, Option<String>) {
            let Some(text) = headers.get("sl-violations").and_then(|v| v.to_str().ok()) else { return (None, None) };
            let (request, response): (Vec<_>, Vec<_>) = errors(text).into_iter().partition(|e| e.starts_with("request"));
            (summary(request), summary(response))
        }

        /// A problem+json body's title and validation errors.
        fn problem(body: &str) -> String {
            let title = string_field(body, "title").unwrap_or("problem");
            match summary(errors(body)) {
                Some(errors) => format!("{title}: {errors}"),
                None => format!("{title}: {}", string_field(body, "detail").unwrap_or_default()),
            }
        }

        /// `location: message` of each error-severity entry of a Prism violation
        /// list, read entry by entry: Prism and our excerpts cut long lists short.
        fn errors(text: &str) -> Vec<String> {
            let mut found = Vec::new();
            for entry in text.split("{\"location\":").skip(1) {
                if !entry.contains("\"severity\":\"Error\"") {
                    continue;
                }
                let location = entry.split(']').next().unwrap_or_default();
                let location = location.trim_start_matches('[').replace('"', "").replace(',', ".");
                found.push(format!("{location}: {}", string_field(entry, "message").unwrap_or("?")));
            }
            found
        }

        fn string_field<'a>(text: &'a str, key: &str) -> Option<&'a str> {
            text.split(&format!("\"{key}\":\"")).nth(1)?.split('"').next()
        }

        /// The first three, and how many more.
        fn summary(list: Vec<String>) -> Option<String> {
            let more = list.len().saturating_sub(3);
            let mut text = list.into_iter().take(3).collect::<Vec<_>>().join("; ");
            if more > 0 {
                text.push_str(&format!("; and {more} more"));
            }
            (!text.is_empty()).then_some(text)
        }

        fn one_line(text: &str) -> String {
            let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            match line.char_indices().nth(300) {
                Some((cut, _)) => format!("{}…", &line[..cut]),
                None => line,
            }
        }

        #(#modules)*
    }
}
