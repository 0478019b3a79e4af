//! The spec module's docs: what it holds, and the IR's quick start printed as
//! a program (`ir/quick_start.rs` chose the call; nothing is decided here).

use super::types::lib_ident;
use crate::ir::{Api, QuickStart, Sample, Types};

/// The doc lines of `src/<module>/mod.rs` in crate `crate_name`.
pub fn module_docs(api: &Api, crate_name: &str) -> Vec<String> {
    let mut lines = vec![format!("Client, resources and models of the {}.", super::docs::one_line(&api.title))];
    if api.quick_start.is_some() {
        lines.extend([String::new(), "# Quick start".into(), String::new()]);
        lines.extend(section(api, crate_name, false));
    }
    lines
}

/// The crate's docs (`src/lib.rs`): one line per spec module, then the quick
/// start of the first spec that has one.
pub fn crate_docs(apis: &[Api], crate_name: &str) -> Vec<String> {
    let mut lines = vec!["API clients generated from OpenAPI specs, one module per spec:".to_string(), String::new()];
    for a in apis {
        lines.push(format!(
            "- [`{}`]: {} {}",
            a.module,
            super::docs::one_line(&a.title),
            super::docs::one_line(&a.version)
        ));
    }
    if let Some(api) = apis.iter().find(|a| a.quick_start.is_some()) {
        lines.extend([String::new(), format!("# Quick start (`{}`)", api.module), String::new()]);
        lines.extend(section(api, crate_name, true));
    }
    lines
}

/// The set-up sentence and the program; `from_root`: links written from the crate root.
fn section(api: &Api, crate_name: &str, from_root: bool) -> Vec<String> {
    let Some(quick) = &api.quick_start else { return Vec::new() };
    let krate = lib_ident(crate_name);
    let vars: Vec<String> = api.env.api_key.iter().chain([&api.env.base_url]).map(|v| format!("`{v}`")).collect();
    let from_env = match from_root {
        true => format!("[`{}::Client::from_env`]", api.module),
        false => "[`Client::from_env`]".into(),
    };
    let mut lines = vec![
        format!("{from_env} reads {}, as the official SDKs do.", vars.join(" and ")),
        "Requests are built with `new(required…)` and a setter per optional field;".into(),
        "every call returns a [`runtime::Call`] to await, or to adjust".into(),
        "first (`.timeout(..)`, `.max_retries(..)`); failures are [`runtime::Error`].".into(),
        String::new(),
        "```no_run".into(),
        "# async fn quick_start() -> Result<(), Box<dyn std::error::Error>> {".into(),
        match quick.args.iter().any(|a| matches!(a, Sample::New { .. } | Sample::RoleList { .. })) {
            true => format!("use {krate}::{}::{{models, Client}};", api.module),
            false => format!("use {krate}::{}::Client;", api.module),
        },
        String::new(),
        "let client = Client::from_env()?;".into(),
    ];
    lines.extend(program(&api.types, quick));
    lines.extend(["# Ok(())".into(), "# }".into(), "```".into()]);
    let operation = api.operations.iter().find(|op| op.id == quick.operation);
    if let Some(needs) = operation.and_then(|op| needs_features(&op.features)) {
        lines.extend([String::new(), needs]);
    }
    lines
}

/// The sentence naming the cargo features (any of `features`) the call
/// compiles with; `None` when it always does.
fn needs_features(features: &[String]) -> Option<String> {
    let names: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    let which = match names.as_slice() {
        [] => return None,
        [one] => format!("the cargo feature {one}"),
        many => format!("one of the cargo features {}", many.join(", ")),
    };
    Some(format!("The call needs {which} (in the default `full`; name it when `default-features = false`)."))
}

/// `let request = …;` when the body is built, then the call and a print.
fn program(types: &Types, quick: &QuickStart) -> Vec<String> {
    let mut lines = Vec::new();
    let args: Vec<String> = quick
        .args
        .iter()
        .map(|arg| match arg {
            Sample::New { .. } => {
                lines.push(format!("let request = {};", value(types, arg)));
                "&request".to_string()
            }
            Sample::DefaultRef => "&Default::default()".into(),
            other => value(types, other),
        })
        .collect();
    let namespaces: String = quick.namespaces.iter().map(|n| format!(".{n}()")).collect();
    let call = format!("client{namespaces}.{}({}).await?;", quick.method, args.join(", "));
    if quick.answers {
        lines.push(format!("let answer = {call}"));
        lines.push("println!(\"{answer:?}\");".into());
    } else {
        lines.push(call);
    }
    lines
}

fn value(types: &Types, sample: &Sample) -> String {
    match sample {
        Sample::Text(text) => format!("{text:?}"),
        Sample::DefaultRef => "&Default::default()".into(),
        Sample::New { type_id, args } => {
            let args: Vec<String> = args.iter().map(|a| value(types, a)).collect();
            format!("models::{}::new({})", types.name(*type_id), args.join(", "))
        }
        Sample::RoleList { type_id, role, text } => {
            format!("[models::{}::{role}({text:?})]", types.name(*type_id))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::needs_features;

    #[test]
    fn the_quick_start_names_the_features_its_call_needs() {
        assert_eq!(needs_features(&[]), None);
        let one = needs_features(&["chat".into()]).unwrap();
        assert!(one.contains("the cargo feature `chat` (in the default `full`"), "{one}");
        let two = needs_features(&["a".into(), "b".into()]).unwrap();
        assert!(two.contains("one of the cargo features `a`, `b`"), "{two}");
    }
}
