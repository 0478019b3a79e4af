//! Stage 2: openapiv3 model → IR. No openapiv3 type leaves this module.

mod aliases;
mod arena;
mod auth;
mod conveniences;
mod decoded;
mod derived;
mod documented_streams;
pub mod features;
pub(crate) mod graph;
mod halves;
mod helpers;
mod links;
mod media;
mod method;
mod model;
pub mod name_stats;
pub mod names;
mod naming;
mod operation;
mod param_style;
pub mod parts;
mod passes;
mod quick_start;
mod refs;
mod renames;
mod resources;
mod schema;
mod type_ref;

pub use aliases::MAX_ALIAS_DEPTH;
pub use helpers::{Accumulator, AccumulatorKind, Helpers, OutputText, ParsedMessage};
pub use method::{ArgPlace, Decoder, Method, MethodArg, MethodVariant, Pass, PathPart, PathTemplate, StyledParam};
pub use model::*;
pub use schema::MAX_MERGE_DEPTH;

use crate::config::GeneratorConfig;
use crate::load::Loaded;
use crate::Error;

/// Lowers one loaded spec into the IR, as module `module`, without a generator config.
pub fn lower(loaded: &Loaded, module: &str) -> Result<Api, Error> {
    lower_with(loaded, module, &GeneratorConfig::default())
}

/// Lowers one loaded spec into the IR, as module `module`, with its generator config.
pub fn lower_with(loaded: &Loaded, module: &str, config: &GeneratorConfig) -> Result<Api, Error> {
    let doc = &loaded.doc;
    let mut lowerer = schema::SchemaLowerer::new(loaded);
    lowerer.lower_components()?;
    let mut operations = operation::lower_operations(&mut lowerer)?;
    documented_streams::add(&mut lowerer, &mut operations);
    let problem = naming::name_types(&mut lowerer.types, &lowerer.wanted, &config.rename.types).into_iter().next();
    if let Some((key, problem)) =
        problem.or(renames::moved_names(&lowerer.wanted, &config.rename.types, &lowerer.types))
    {
        return Err(config.error(&format!("rename/types/{key}"), problem));
    }
    let (mut resources, method_names) = resources::assign(&mut operations, &config.rename.methods)
        .map_err(|(key, problem)| config.error(&format!("rename/methods/{key}"), problem))?;
    let (auth, client_options) = auth::schemes(loaded, config, &mut lowerer.report.spec_issues)?;
    match aliases::check(&mut lowerer.types) {
        Ok(untyped) => {
            for name in untyped {
                let pointer = lowerer.pointer_of(&name).unwrap_or(name);
                let reason = "nests itself through lists or maps with no object to hold it: any JSON value";
                lowerer.report.untyped.push((pointer, reason.into()));
            }
        }
        Err(e) => {
            let pointer = lowerer.pointer_of(&e.type_name).unwrap_or_default();
            return Err(loaded.error(&pointer, e.message_with(|n| lowerer.spec_name_of(n))));
        }
    }
    for (id, empty) in passes::drop_self_variants(&mut lowerer.types) {
        let name = lowerer.types.name(id).to_string();
        let pointer = lowerer.pointer_of(&name).unwrap_or_default();
        if empty {
            let message =
                format!("`{}` is only a union of itself: the spec gives it no shape", lowerer.spec_name_of(&name));
            return Err(loaded.error(&pointer, message));
        }
        let issue = "a variant that is the union itself adds nothing: left out".to_string();
        lowerer.report.spec_issues.push((pointer, issue));
    }
    let schema::SchemaLowerer { mut types, examples, mut report, .. } = lowerer;
    passes::unions(&mut types);
    naming::name_members(&mut types);
    passes::box_recursion(&mut types);
    passes::box_deep_chains(&mut types);
    passes::box_large_variants(&mut types);
    passes::mark_explicit_nulls(&mut types, &operations);
    decoded::mark(&mut types, &operations);
    derived::derive(&mut types);
    let features = features::assign(&mut resources, &mut operations, &mut types);
    let conveniences = conveniences::decide(&types, &operations);
    for (op, names) in operations.iter_mut().zip(method_names) {
        op.methods = method::build(op, names);
        report.spec_issues.extend(method::unsent_media(op));
    }
    let mut helpers = helpers::decide(&types, &operations, &conveniences);
    helpers.gate(&types);
    let resource_features: Vec<String> = features.resources.iter().map(|f| f.name.clone()).collect();
    let parts = parts::decide(&types, &helpers, &resource_features);
    let recursion_limit = Some((8 * graph::nesting_depth(&types)).next_power_of_two()).filter(|&limit| limit > 128);
    if let Some((key, problem)) = renames::moved_helpers(&helpers, &types, &config.rename.types) {
        return Err(config.error(&format!("rename/types/{key}"), problem));
    }
    let examples: Vec<Example> = examples.into_values().collect();
    let quick_start = quick_start::decide(&types, &conveniences, &operations, &examples, config.quick_start.as_deref())
        .map_err(|problem| config.error("quick_start", problem))?;
    report.not_understood = loaded.report.not_understood.clone();
    report.local_defs = loaded.report.local_defs.clone();
    let module = names::module_ident(module);
    let prefix = config.env_prefix.clone().unwrap_or_else(|| module.trim_start_matches("r#").to_uppercase());
    let env = ClientEnv {
        api_key: auth.iter().any(|a| a.primary).then(|| format!("{prefix}_API_KEY")),
        base_url: format!("{prefix}_BASE_URL"),
    };
    let mut api = Api {
        module,
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        base_url: doc.servers.first().map(|s| s.url.clone()),
        auth,
        client_options,
        env,
        user_agent: config.user_agent.clone(),
        types,
        conveniences,
        helpers,
        quick_start,
        operations,
        resources,
        features,
        recursion_limit,
        parts,
        examples,
        report,
    };
    if let Some(base) = &config.docs_base_url {
        links::absolutize(&mut api, base.trim_end_matches('/'));
    }
    Ok(api)
}
