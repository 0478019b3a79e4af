//! The methods of each operation, final: what the client, the contract harness
//! and the sample builder print. Each operation has its plain method and,
//! when the spec offers them, a streaming and a multipart variant; each
//! method lists its arguments in call order, its parsed path template, the
//! body it sends and how its answer is decoded. Later stages read these
//! records and derive no part of a call themselves.

use serde::{Deserialize, Serialize};

use super::model::*;
use super::names::reserved;

/// One method of an operation, as the client declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Method {
    /// Rust name, e.g. `cancel`, `create_stream` (raw identifiers as `r#type`).
    pub name: String,
    #[serde(default, skip_serializing_if = "MethodVariant::is_plain")]
    pub variant: MethodVariant,
    /// The path, parsed; its parameters are the `Path` arguments.
    pub path: PathTemplate,
    /// In call order: path parameters (in template order), headers, body, query.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<MethodArg>,
    /// How a successful answer is read, and what the method returns.
    pub decoder: Decoder,
}

/// Which method of an operation a [`Method`] is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum MethodVariant {
    /// The operation's own method: the JSON body when offered, else the first.
    #[default]
    Plain,
    /// Sets `stream: true` in the body; the answer is an event stream.
    Stream,
    /// Sends the body as `multipart/form-data` when JSON is offered too.
    Multipart,
}

impl MethodVariant {
    fn is_plain(&self) -> bool {
        *self == MethodVariant::Plain
    }
}

/// One argument of a method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodArg {
    /// Rust name, clear of [`reserved::ARGUMENTS`] for path parameters.
    pub rust_name: String,
    pub place: ArgPlace,
    /// The IR type of the value the method takes (a path parameter of a
    /// non-scalar type is taken as `string`).
    pub ty: Type,
    /// How the value is passed.
    pub pass: Pass,
    /// Bounds of a path parameter's value.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

/// Where an argument goes in the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ArgPlace {
    /// Fills `{name}` of the path template, in `style` (`simple`, `label` or `matrix`).
    Path { name: String, style: ParamStyle },
    /// The struct of the header parameters; `styles`: its members not in the
    /// default style (`simple`, not exploded).
    Headers {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        styles: Vec<StyledParam>,
    },
    /// The request body, of `content_type`, encoded as `kind` says.
    Body { content_type: String, kind: BodyKind },
    /// The struct of the query parameters; `styles`: its members not in the
    /// default style (`form`, exploded).
    Query {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        styles: Vec<StyledParam>,
    },
}

/// A query or header parameter written in another style than its location's default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StyledParam {
    /// As the spec names it (the key on the wire).
    pub name: String,
    pub style: ParamStyle,
    pub explode: bool,
}

/// How a method takes an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pass {
    /// By value: an integer, a number or a boolean.
    Value,
    /// As `&str`.
    Str,
    /// As `&T`, `T` the argument's type.
    Ref,
    /// As `impl Into<bytes::Bytes>`: raw bytes or text.
    Bytes,
}

/// What a method returns: the runtime's `Call` constructor it uses, and its type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Decoder {
    /// `Call::json`: the body decoded as this type.
    Json(Type),
    /// `Call::bytes`: `bytes::Bytes`.
    Bytes,
    /// `Call::text`: `String`.
    Text,
    /// `Call::empty`: `()`.
    Empty,
    /// `Call::media`: the enum of the answer's media types.
    Media(TypeId),
    /// `Call::sse`: a stream of events of this type.
    Events(Type),
}

/// A path template as the spec writes it (`/batches/{batch_id}/cancel`),
/// parsed once, here: literal text and `{name}` parameters, plus the query a
/// spec writes into its path (`/responses?beta=true`). Only `ir` builds one
/// (besides reading a saved IR back): its fields and its parser are private,
/// so the emitter cannot parse a path itself.
///
/// ```compile_fail
/// let template = codegen::ir::PathTemplate::parse("/batches/{batch_id}");
/// ```
///
/// ```compile_fail
/// let template = codegen::ir::PathTemplate { parts: Vec::new(), query: Vec::new() };
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathTemplate {
    parts: Vec<PathPart>,
    /// `key=value` pairs after `?`, sent as they are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    query: Vec<(String, String)>,
}

/// Literal text, or the parameter `{name}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PathPart {
    Literal(String),
    Param { param: String },
}

/// One `/`-separated segment of a path, for the resource tree.
pub(super) struct Segment {
    /// The segment as written, parameters as `{name}`.
    pub text: String,
    /// It starts with a parameter (`{id}`, `{id}.json`).
    pub is_param: bool,
}

impl PathTemplate {
    /// Parses `path`: `{` … `}` is a parameter; an unclosed `{` is literal
    /// text; what follows `?` is `&`-separated `key=value` pairs.
    pub(super) fn parse(path: &str) -> PathTemplate {
        let (mut rest, query) = match path.split_once('?') {
            Some((path, query)) => (path, query),
            None => (path, ""),
        };
        let mut parts = Vec::new();
        let mut literal = String::new();
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            literal.push_str(&rest[..start]);
            if !literal.is_empty() {
                parts.push(PathPart::Literal(std::mem::take(&mut literal)));
            }
            parts.push(PathPart::Param { param: rest[start + 1..start + len].to_string() });
            rest = &rest[start + len + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal));
        }
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (key.to_string(), value.to_string())
            })
            .collect();
        PathTemplate { parts, query }
    }

    /// Literal text and parameters, in order.
    pub fn parts(&self) -> &[PathPart] {
        &self.parts
    }

    /// The query written into the spec's path, as `(key, value)` pairs.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The parameter names, in template order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            PathPart::Param { param } => Some(param.as_str()),
            PathPart::Literal(_) => None,
        })
    }

    /// The path as written, without its query.
    pub(super) fn without_query(&self) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.clone(),
                PathPart::Param { param } => format!("{{{param}}}"),
            })
            .collect()
    }

    /// The non-empty `/`-separated segments.
    pub(super) fn segments(&self) -> Vec<Segment> {
        let mut segments = Vec::new();
        let mut current = Segment { text: String::new(), is_param: false };
        for part in &self.parts {
            match part {
                PathPart::Param { param } => {
                    if current.text.is_empty() {
                        current.is_param = true;
                    }
                    current.text.push_str(&format!("{{{param}}}"));
                }
                PathPart::Literal(text) => {
                    let mut pieces = text.split('/');
                    current.text.push_str(pieces.next().unwrap_or_default());
                    for piece in pieces {
                        let done = std::mem::replace(&mut current, Segment { text: piece.into(), is_param: false });
                        segments.push(done);
                    }
                }
            }
        }
        segments.push(current);
        segments.retain(|s| !s.text.is_empty());
        segments
    }
}

impl Method {
    /// The argument filling the template's `{name}`, and its style.
    pub fn path_arg(&self, name: &str) -> Option<(&MethodArg, ParamStyle)> {
        self.args.iter().find_map(|a| match &a.place {
            ArgPlace::Path { name: n, style } if n == name => Some((a, *style)),
            _ => None,
        })
    }
}

/// The Rust names an operation's methods take, decided with the resource tree.
pub(super) struct MethodNames {
    pub plain: String,
    pub stream: Option<String>,
    pub multipart: Option<String>,
}

/// The methods of `op`, named `names`.
pub(super) fn build(op: &Operation, names: MethodNames) -> Vec<Method> {
    let path = PathTemplate::parse(&op.path);
    let contents = op.body.as_ref().map(|b| b.contents.as_slice()).unwrap_or_default();
    let returns = match &op.returns {
        Returns::Json(ty) => Decoder::Json(ty.clone()),
        Returns::Bytes => Decoder::Bytes,
        Returns::Text => Decoder::Text,
        // An answer that is only an event stream (a `GET` of events, say) is what the plain method returns.
        Returns::Empty => op.stream.clone().map_or(Decoder::Empty, Decoder::Events),
        Returns::ByContentType(media) => Decoder::Media(media.type_id),
    };
    let method = |name: String, variant, body: Option<&(String, BodyKind, Type)>, decoder| Method {
        name,
        variant,
        path: path.clone(),
        args: args(op, body),
        decoder,
    };
    let main_body = op.main_body();
    let mut methods = vec![method(names.plain, MethodVariant::Plain, main_body, returns.clone())];
    if let (Some(name), Some(event)) = (names.stream, &op.stream) {
        methods.push(method(name, MethodVariant::Stream, main_body, Decoder::Events(event.clone())));
    }
    if let Some(name) = names.multipart {
        let body = contents.iter().find(|(_, k, _)| *k == BodyKind::Multipart);
        methods.push(method(name, MethodVariant::Multipart, body, returns));
    }
    methods
}

/// The request media types of `op` no method of it sends (`text/plain`
/// beside JSON, say), each as (pointer, what): said, not dropped silently.
pub(super) fn unsent_media(op: &Operation) -> Vec<(String, String)> {
    let sent: Vec<&str> = op
        .methods
        .iter()
        .flat_map(|m| &m.args)
        .filter_map(|a| match &a.place {
            ArgPlace::Body { content_type, .. } => Some(content_type.as_str()),
            _ => None,
        })
        .collect();
    let token = crate::error::pointer_token;
    op.body
        .iter()
        .flat_map(|b| &b.contents)
        .filter(|(content_type, _, _)| !sent.contains(&content_type.as_str()))
        .map(|(content_type, _, _)| {
            let pointer = format!(
                "/paths/{}/{}/requestBody/content/{}",
                token(&op.path),
                op.http_method.key(),
                token(content_type)
            );
            (pointer, format!("no method sends a body as `{content_type}`; they send `{}`", sent.join("`, `")))
        })
        .collect()
}

/// Path parameters, headers, body, query: the order every method takes them in.
fn args(op: &Operation, body: Option<&(String, BodyKind, Type)>) -> Vec<MethodArg> {
    let mut args = Vec::new();
    for p in &op.path_params {
        let (ty, pass) = match &p.ty {
            Type::Integer(_) | Type::Number | Type::Boolean => (p.ty.clone(), Pass::Value),
            Type::Named(_) => (p.ty.clone(), Pass::Ref),
            _ => (Type::String, Pass::Str),
        };
        args.push(MethodArg {
            rust_name: p.rust_name.clone(),
            place: ArgPlace::Path { name: p.name.clone(), style: p.style },
            ty,
            pass,
            constraints: p.constraints.clone(),
        });
    }
    let fixed = |rust_name: &str, place, ty, pass| MethodArg {
        rust_name: rust_name.to_string(),
        place,
        ty,
        pass,
        constraints: Constraints::default(),
    };
    if let Some(h) = &op.header_type {
        let styles = styled(&op.header_params, ParamStyle::Simple, false);
        args.push(fixed(reserved::HEADERS_ARG, ArgPlace::Headers { styles }, Type::Named(*h), Pass::Ref));
    }
    if let Some((content_type, kind, ty)) = body {
        let pass = match kind {
            BodyKind::Bytes | BodyKind::Text => Pass::Bytes,
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => Pass::Ref,
        };
        let body_kind = ArgPlace::Body { content_type: content_type.clone(), kind: *kind };
        args.push(fixed(reserved::BODY_ARG, body_kind, ty.clone(), pass));
    }
    if let Some(q) = &op.query_type {
        let styles = styled(&op.query_params, ParamStyle::Form, true);
        args.push(fixed(reserved::QUERY_ARG, ArgPlace::Query { styles }, Type::Named(*q), Pass::Ref));
    }
    args
}

/// The parameters not written in `style`/`explode`, their location's default.
fn styled(params: &[Param], style: ParamStyle, explode: bool) -> Vec<StyledParam> {
    params
        .iter()
        .filter(|p| (p.style, p.explode) != (style, explode))
        .map(|p| StyledParam { name: p.name.clone(), style: p.style, explode: p.explode })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_once_into_parts_and_query() {
        let t = PathTemplate::parse("/a/{x}.json/b{y}/{z?beta=true&flag");
        let want = [
            PathPart::Literal("/a/".into()),
            PathPart::Param { param: "x".into() },
            PathPart::Literal(".json/b".into()),
            PathPart::Param { param: "y".into() },
            PathPart::Literal("/{z".into()),
        ];
        assert_eq!(t.parts(), want);
        assert_eq!(t.query(), [("beta".to_string(), "true".to_string()), ("flag".to_string(), String::new())]);
        assert_eq!(t.params().collect::<Vec<_>>(), ["x", "y"]);
        let segments: Vec<(String, bool)> = t.segments().into_iter().map(|s| (s.text, s.is_param)).collect();
        let want = [("a", false), ("{x}.json", true), ("b{y}", false), ("{z", false)];
        assert_eq!(segments, want.map(|(t, p)| (t.to_string(), p)));
        assert_eq!(t.without_query(), "/a/{x}.json/b{y}/{z");
    }
}
