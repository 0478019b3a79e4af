//! Operation-level changes: methods added, removed or renamed; their
//! arguments (path, query and header parameters, body) and what they return.

use super::matching::rust;
use super::report::{ChangeKind as K, Group, Verdict};
use super::types::docs_change;
use super::wire::{retype_wire, union_note};
use super::Cx;
use crate::ir::{Api, MediaShape, MethodVariant, Operation, Param, Returns, TypeId, Types};

/// `client.chat().completions().create(..)` spelled as a resource path.
fn resource(op: &Operation) -> String {
    if op.resource.is_empty() {
        "(client)".into()
    } else {
        op.resource.join(".")
    }
}

/// `chat.completions.create`.
fn method_path(op: &Operation, method: &str) -> String {
    let mut parts = op.resource.clone();
    parts.push(method.to_string());
    parts.join(".")
}

fn signature(op: &Operation) -> String {
    format!(
        "`{} {}` → `{}()`",
        format!("{:?}", op.http_method).to_uppercase(),
        op.path,
        method_path(op, op.method_name())
    )
}

/// Operations removed, added and changed (`pairs`: matched old and new indices); client-level changes.
pub fn compare(cx: &mut Cx, pairs: &[(usize, usize)]) {
    let (old, new): (&Api, &Api) = (cx.old, cx.new);
    for (i, op) in old.operations.iter().enumerate() {
        if !pairs.iter().any(|&(a, _)| a == i) {
            cx.push(
                Group::Resource(resource(op)),
                format!("method {}", op.method_name()),
                K::OperationRemoved,
                format!("{} removed", signature(op)),
                Verdict::breaking("code calling the method no longer compiles"),
                Verdict::breaking("the endpoint is gone"),
            );
        }
    }
    for (j, op) in new.operations.iter().enumerate() {
        if !pairs.iter().any(|&(_, b)| b == j) {
            cx.push(
                Group::Resource(resource(op)),
                format!("method {}", op.method_name()),
                K::OperationAdded,
                format!("{} added", signature(op)),
                Verdict::additive("a new method"),
                Verdict::additive("a new endpoint"),
            );
        }
    }
    for &(i, j) in pairs {
        operation(cx, &old.operations[i], &new.operations[j]);
    }
    if old.version != new.version {
        cx.doc(Group::Resource("(client)".into()), "spec version".into(), format!("{} → {}", old.version, new.version));
    }
    if old.base_url != new.base_url {
        cx.doc(Group::Resource("(client)".into()), "default base URL".into(), "changed".into());
    }
    for a in &old.auth {
        if !new.auth.iter().any(|b| b.method == a.method) {
            cx.push(
                Group::Resource("(client)".into()),
                format!("builder method {}", a.method),
                K::MethodRemoved,
                format!("`ClientBuilder::{}` (credential `{}`) removed", a.method, a.spec_name),
                Verdict::breaking("code setting the credential no longer compiles"),
                Verdict::additive("the API no longer asks for it"),
            );
        }
    }
    for b in &new.auth {
        if !old.auth.iter().any(|a| a.method == b.method) {
            cx.push(
                Group::Resource("(client)".into()),
                format!("builder method {}", b.method),
                K::MethodAdded,
                format!("`ClientBuilder::{}` (credential `{}`) added", b.method, b.spec_name),
                Verdict::additive("a new builder method"),
                Verdict::additive("an optional credential"),
            );
        }
    }
}

fn operation(cx: &mut Cx, a: &Operation, b: &Operation) {
    let group = Group::Resource(resource(b));
    let subject = format!("method {}", b.method_name());
    if (&a.resource, a.method_name()) != (&b.resource, b.method_name()) {
        cx.push(
            group.clone(),
            subject.clone(),
            K::MethodRenamed,
            format!("`{}()` renamed to `{}()`", method_path(a, a.method_name()), method_path(b, b.method_name())),
            Verdict::breaking("code calling the old name no longer compiles"),
            Verdict::additive("method names are not on the wire"),
        );
    }
    if (a.http_method, &a.path) != (b.http_method, &b.path) {
        let endpoint = |op: &Operation| format!("{} {}", format!("{:?}", op.http_method).to_uppercase(), op.path);
        cx.push(
            group.clone(),
            subject.clone(),
            K::EndpointChanged,
            format!("`{}` (`{}`) is now `{}`", endpoint(a), a.id, endpoint(b)),
            Verdict::additive("the same operation; its method is compared on its own"),
            Verdict::breaking("the old client calls the old endpoint"),
        );
    }
    for (what, variant) in [("stream", MethodVariant::Stream), ("multipart", MethodVariant::Multipart)] {
        let name = |op: &Operation| op.method(variant).map(|m| m.name.clone());
        match (name(a).as_deref(), name(b).as_deref()) {
            (None, Some(m)) => cx.push(
                group.clone(),
                format!("method {m}"),
                K::MethodAdded,
                format!("`{}()` added ({what} variant)", method_path(b, m)),
                Verdict::additive("a new method"),
                Verdict::additive("the request the old client sends is unchanged"),
            ),
            (Some(m), None) => cx.push(
                group.clone(),
                format!("method {m}"),
                K::MethodRemoved,
                format!("`{}()` removed ({what} variant)", method_path(a, m)),
                Verdict::breaking("code calling it no longer compiles"),
                Verdict::breaking(format!("the API no longer offers the {what} form")),
            ),
            (Some(m), Some(n)) if method_path(a, m) != method_path(b, n) => cx.push(
                group.clone(),
                format!("method {n}"),
                K::MethodRenamed,
                format!("`{}()` renamed to `{}()`", method_path(a, m), method_path(b, n)),
                Verdict::breaking("code calling the old name no longer compiles"),
                Verdict::additive("the same request"),
            ),
            _ => {}
        }
    }
    if a.docs != b.docs {
        cx.doc(group.clone(), subject.clone(), docs_change(&a.docs, &b.docs));
    }
    path_params(cx, &group, b, &a.path_params, &b.path_params);
    let name = |types: &Types, id: &Option<TypeId>| id.map(|id| types.name(id).to_string());
    let query = (name(&cx.old.types, &a.query_type), name(&cx.new.types, &b.query_type));
    let query = (query.0.as_deref(), query.1.as_deref());
    struct_params(cx, &group, b, "query", &a.query_params, &b.query_params, query);
    let headers = (name(&cx.old.types, &a.header_type), name(&cx.new.types, &b.header_type));
    let headers = (headers.0.as_deref(), headers.1.as_deref());
    struct_params(cx, &group, b, "header", &a.header_params, &b.header_params, headers);
    body(cx, &group, a, b);
    returns(cx, &group, a, b);
    responses(cx, &group, a, b);
}

fn path_params(cx: &mut Cx, group: &Group, op: &Operation, a: &[Param], b: &[Param]) {
    for p in a.iter().filter(|p| !b.iter().any(|q| q.name == p.name)) {
        cx.push(
            group.clone(),
            format!("method {}", op.method_name()),
            K::ParameterRemoved,
            format!("path parameter `{}` removed from `{}()`", p.rust_name, method_path(op, op.method_name())),
            Verdict::breaking("the method takes one argument fewer"),
            Verdict::breaking("the path changes"),
        );
    }
    for q in b.iter().filter(|q| !a.iter().any(|p| p.name == q.name)) {
        cx.push(
            group.clone(),
            format!("method {}", op.method_name()),
            K::ParameterAdded,
            format!(
                "path parameter `{}: {}` added to `{}()`",
                q.rust_name,
                rust(&cx.new.types, &q.ty),
                method_path(op, op.method_name())
            ),
            Verdict::breaking("the method takes one more argument"),
            Verdict::breaking("the path changes"),
        );
    }
    for p in a {
        let Some(q) = b.iter().find(|q| q.name == p.name) else { continue };
        if p.rust_name != q.rust_name || !cx.map.same(&p.ty, &q.ty) {
            cx.push(
                group.clone(),
                format!("method {}", op.method_name()),
                K::ParameterChanged,
                format!(
                    "path parameter `{}: {}` is now `{}: {}`",
                    p.rust_name,
                    rust(&cx.old.types, &p.ty),
                    q.rust_name,
                    rust(&cx.new.types, &q.ty)
                ),
                Verdict::breaking("the argument changes"),
                if cx.map.same(&p.ty, &q.ty) {
                    Verdict::additive("the same path")
                } else {
                    Verdict::breaking("the path segment takes another type")
                },
            );
        }
        param_docs(cx, group, op, p, q);
    }
}

fn param_docs(cx: &mut Cx, group: &Group, op: &Operation, p: &Param, q: &Param) {
    let subject = format!("parameter `{}` of `{}()`", q.name, method_path(op, op.method_name()));
    if (p.style, p.explode) != (q.style, q.explode) {
        cx.push(
            group.clone(),
            format!("method {}", op.method_name()),
            K::ParameterChanged,
            format!(
                "{subject}: written as {:?} (explode {}) → {:?} (explode {})",
                p.style, p.explode, q.style, q.explode
            ),
            Verdict::additive("the Rust type is the same"),
            Verdict::breaking("the old client writes the value the old way"),
        );
    }
    if p.docs != q.docs {
        cx.doc(group.clone(), subject.clone(), docs_change(&p.docs, &q.docs));
    }
    cx.bounds(group.clone(), subject, &p.constraints, &q.constraints, true);
}

/// Query or header parameters: fields of one struct the method takes.
fn struct_params(
    cx: &mut Cx,
    group: &Group,
    op: &Operation,
    place: &str,
    a: &[Param],
    b: &[Param],
    (old_struct, new_struct): (Option<&str>, Option<&str>),
) {
    let method = method_path(op, op.method_name());
    let subject = format!("method {}", op.method_name());
    let has_default = |cx: &Cx| match (old_struct, new_struct) {
        (Some(a), Some(b)) => cx.has_default(a, b),
        _ => false,
    };
    if let (Some(x), Some(y)) = (old_struct, new_struct) {
        if x != y {
            cx.push(
                Group::Type(y.into()),
                format!("type {y}"),
                K::TypeRenamed,
                format!("`{x}` ({place} parameters of `{method}()`) renamed to `{y}`"),
                Verdict::breaking("code naming the old name no longer compiles"),
                Verdict::additive("names are not on the wire"),
            );
        }
    }
    for p in a.iter().filter(|p| !b.iter().any(|q| q.name == p.name)) {
        cx.push(
            group.clone(),
            subject.clone(),
            K::ParameterRemoved,
            format!("{place} parameter `{}` removed from `{method}()`", p.name),
            Verdict::breaking(format!("code setting the field of the {place} struct no longer compiles")),
            Verdict::additive("the old client may still send it; the API no longer documents it"),
        );
    }
    for q in b.iter().filter(|q| !a.iter().any(|p| p.name == q.name)) {
        let rust_verdict = if old_struct.is_none() {
            Verdict::breaking(format!("the method gains a `{place}` argument"))
        } else if q.required {
            Verdict::breaking(format!("a required field of the {place} struct: literals must set it"))
        } else if has_default(cx) {
            Verdict::additive(format!(
                "the {place} struct has `Default`: `..Default::default()` literals still compile"
            ))
        } else {
            Verdict::breaking(format!("a field added to the {place} struct, which has no `Default`"))
        };
        let ty =
            if q.required { rust(&cx.new.types, &q.ty) } else { format!("Option<{}>", rust(&cx.new.types, &q.ty)) };
        cx.push(
            group.clone(),
            subject.clone(),
            K::ParameterAdded,
            format!("{place} parameter `{}: {ty}` added to `{method}()`", q.rust_name),
            rust_verdict,
            if q.required {
                Verdict::breaking("the old client does not send this required parameter")
            } else {
                Verdict::additive("optional")
            },
        );
    }
    for p in a {
        let Some(q) = b.iter().find(|q| q.name == p.name) else { continue };
        if p.required != q.required || !cx.map.same(&p.ty, &q.ty) || p.rust_name != q.rust_name {
            let wire = if !cx.map.same(&p.ty, &q.ty) {
                Verdict::breaking("the parameter takes another type")
            } else if q.required && !p.required {
                Verdict::breaking("now required: the old client may leave it out")
            } else {
                Verdict::additive("what the old client sends is still valid")
            };
            let show = |p: &Param, types: &Types| {
                let ty = if p.required { rust(types, &p.ty) } else { format!("Option<{}>", rust(types, &p.ty)) };
                format!("{}: {ty}", p.rust_name)
            };
            cx.push(
                group.clone(),
                subject.clone(),
                K::ParameterChanged,
                format!(
                    "{place} parameter `{}` is now `{}` in `{method}()`",
                    show(p, &cx.old.types),
                    show(q, &cx.new.types)
                ),
                Verdict::breaking(format!("the field of the {place} struct changes type or name")),
                wire,
            );
        }
        param_docs(cx, group, op, p, q);
    }
}

fn body(cx: &mut Cx, group: &Group, a: &Operation, b: &Operation) {
    let subject = format!("method {}", b.method_name());
    let method = method_path(b, b.method_name());
    match (a.main_body(), b.main_body()) {
        (None, Some((ct, _, ty))) => cx.push(
            group.clone(),
            subject,
            K::BodyChanged,
            format!("`{method}()` now takes a body `{}` (`{ct}`)", rust(&cx.new.types, ty)),
            Verdict::breaking("the method takes one more argument"),
            if b.body.as_ref().is_some_and(|b| b.required) {
                Verdict::breaking("the old client sends no body")
            } else {
                Verdict::additive("the body is optional")
            },
        ),
        (Some((ct, _, ty)), None) => cx.push(
            group.clone(),
            subject,
            K::BodyChanged,
            format!("`{method}()` no longer takes a body (was `{}`, `{ct}`)", rust(&cx.old.types, ty)),
            Verdict::breaking("the method takes one argument fewer"),
            Verdict::breaking("the old client sends a body the API no longer takes"),
        ),
        (Some((c1, k1, t1)), Some((c2, k2, t2))) if !cx.map.same(t1, t2) || k1 != k2 => {
            let note = union_note(cx, t1, t2);
            let wire = if k1 != k2 {
                Verdict::breaking(format!("the body is sent as `{c2}`, not `{c1}`"))
            } else {
                retype_wire(cx, t1, t2, true, false)
            };
            cx.push(
                group.clone(),
                subject,
                K::BodyChanged,
                format!("`{method}()` body: `{}` → `{}`{note}", rust(&cx.old.types, t1), rust(&cx.new.types, t2)),
                Verdict::breaking("the body argument takes another type"),
                wire,
            );
        }
        _ => {}
    }
}

fn returns(cx: &mut Cx, group: &Group, a: &Operation, b: &Operation) {
    let subject = format!("method {}", b.method_name());
    let method = method_path(b, b.method_name());
    let show = |r: &Returns, types: &Types| match r {
        Returns::Json(t) => rust(types, t),
        Returns::Bytes => "Bytes".into(),
        Returns::Text => "String".into(),
        Returns::Empty => "()".into(),
        Returns::ByContentType(m) => {
            let media: Vec<&str> = m.variants.iter().map(|v| v.content_type.as_str()).collect();
            format!("{} (by content type: {})", types.name(m.type_id), media.join(", "))
        }
    };
    let differs = match (&a.returns, &b.returns) {
        (Returns::Json(x), Returns::Json(y)) => !cx.map.same(x, y),
        (Returns::ByContentType(x), Returns::ByContentType(y)) => {
            cx.old.types.name(x.type_id) != cx.new.types.name(y.type_id)
                || x.variants.len() != y.variants.len()
                || x.variants.iter().zip(&y.variants).any(|(v, w)| {
                    v.content_type != w.content_type
                        || v.rust_name != w.rust_name
                        || match (&v.shape, &w.shape) {
                            (MediaShape::Json(s), MediaShape::Json(t)) => !cx.map.same(s, t),
                            (s, t) => s != t,
                        }
                })
        }
        (x, y) => x != y,
    };
    if differs {
        let (wire, note) = match (&a.returns, &b.returns) {
            (Returns::Json(x), Returns::Json(y)) => (retype_wire(cx, x, y, false, true), union_note(cx, x, y)),
            _ => (Verdict::breaking("the answer takes another form"), String::new()),
        };
        cx.push(
            group.clone(),
            subject.clone(),
            K::ReturnChanged,
            format!(
                "`{method}()` returns `{}` → `{}`{note}",
                show(&a.returns, &cx.old.types),
                show(&b.returns, &cx.new.types)
            ),
            Verdict::breaking("the call's output type changes"),
            wire,
        );
    }
    match (&a.stream, &b.stream) {
        (Some(x), Some(y)) if !cx.map.same(x, y) => cx.push(
            group.clone(),
            subject,
            K::ReturnChanged,
            format!("`{method}()` stream events: `{}` → `{}`", rust(&cx.old.types, x), rust(&cx.new.types, y)),
            Verdict::breaking("the event type changes"),
            retype_wire(cx, x, y, false, true),
        ),
        _ => {}
    }
}

/// Error answers: documented, not typed (errors arrive as `runtime::Error::Api`).
fn responses(cx: &mut Cx, group: &Group, a: &Operation, b: &Operation) {
    let subject = format!("method {}", b.method_name());
    let method = method_path(b, b.method_name());
    let errors = |op: &Operation, types: &Types| -> Vec<(String, String)> {
        op.responses
            .iter()
            .filter(|r| !r.status.starts_with('2'))
            .map(|r| {
                let body = r.contents.first().map(|(_, t)| rust(types, t)).unwrap_or_else(|| "no body".into());
                (r.status.clone(), body)
            })
            .collect()
    };
    let (old, new) = (errors(a, &cx.old.types), errors(b, &cx.new.types));
    for (status, ty) in new.iter().filter(|(s, _)| !old.iter().any(|(t, _)| t == s)) {
        cx.push(
            group.clone(),
            subject.clone(),
            K::ErrorResponseAdded,
            format!("`{method}()` documents error `{status}` (`{ty}`)"),
            Verdict::additive("errors still arrive as `runtime::Error::Api`; no signature changes"),
            Verdict::additive("the old client already reads any error status"),
        );
    }
    for (status, ty) in old.iter().filter(|(s, _)| !new.iter().any(|(t, _)| t == s)) {
        cx.push(
            group.clone(),
            subject.clone(),
            K::ErrorResponseRemoved,
            format!("`{method}()` no longer documents error `{status}` (`{ty}`)"),
            Verdict::additive("errors still arrive as `runtime::Error::Api`; no signature changes"),
            Verdict::additive("one error fewer"),
        );
    }
}
