//! How each parameter is written on the wire: OpenAPI's `style` and `explode`.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle};

use super::model::{ParamStyle, Type, TypeKind, Types};

/// The style and explode of `p`, whose value has type `ty`.
///
/// As the spec says, with two exceptions for an object (a struct, a map or
/// free-form JSON) whose parameter sets neither a style other than the
/// default nor `explode`: in a query it is sent as `deepObject`
/// (`metadata[key]=value`, the form the official OpenAI SDKs send and OpenAI's
/// spec documents), in a header as JSON text (what gateways such as Portkey
/// read from `x-portkey-metadata`). A parameter given as `content` is JSON text.
pub(super) fn style_of(p: &Parameter, ty: &Type, types: &Types) -> (ParamStyle, bool) {
    let data = p.parameter_data_ref();
    if let ParameterSchemaOrContent::Content(_) = data.format {
        return (ParamStyle::Json, false);
    }
    let declared_explode = data.explode;
    let object = is_object(ty, types);
    let style = match p {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form if object && declared_explode.is_none() => ParamStyle::DeepObject,
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Header { .. } if object && declared_explode.is_none() => ParamStyle::Json,
        Parameter::Path { style: PathStyle::Label, .. } => ParamStyle::Label,
        Parameter::Path { style: PathStyle::Matrix, .. } => ParamStyle::Matrix,
        Parameter::Cookie { .. } => ParamStyle::Cookie,
        Parameter::Header { .. } | Parameter::Path { .. } => ParamStyle::Simple,
    };
    let explode = match style {
        ParamStyle::DeepObject => true,
        ParamStyle::Json => false,
        ParamStyle::Form => declared_explode.unwrap_or(true),
        _ => declared_explode.unwrap_or(false),
    };
    (style, explode)
}

/// Whether values of `ty` are JSON objects (or may be: free-form JSON).
/// Runs before `aliases::check` refuses alias rings, so it follows at most
/// `MAX_ALIAS_DEPTH` aliases.
fn is_object(ty: &Type, types: &Types) -> bool {
    let mut ty = ty;
    for _ in 0..=super::aliases::MAX_ALIAS_DEPTH {
        match ty {
            Type::Map(_) | Type::Json => return true,
            Type::Named(id) => match types.get(*id).map(|t| &t.kind) {
                Some(TypeKind::Struct(_)) => return true,
                Some(TypeKind::Alias(inner)) => ty = inner,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}
