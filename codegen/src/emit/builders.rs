//! IR conveniences → `new(required…)`, setters, `From` impls and role
//! constructors of the request types. Prints `Api::conveniences`; decides nothing.
//! Written as text (`source.rs`): as much code as the types, of as few shapes.

use super::features::cfg_line;
use super::source::Source;
use super::types::model_type;
use crate::ir::*;
use crate::markdown::code;

/// The conveniences of `types` (some of `Api::types`, in name order, as the
/// models file prints types); types without conveniences print nothing.
/// Every item is behind its type's features.
pub fn builders<'a>(out: &mut Source, api: &'a Api, types: impl Iterator<Item = (TypeId, &'a TypeDef)>) {
    for (id, def) in types {
        let Some(conv) = api.conveniences.get(&id) else { continue };
        let cfg = cfg_line(&def.features);
        let cfg = cfg.as_deref();
        match &def.kind {
            TypeKind::Struct(s) => struct_impl(out, &api.types, def, s, conv, cfg),
            TypeKind::Union(u) => union_impls(out, &def.name, u, conv, api, cfg),
            _ => {}
        }
    }
}

fn field<'s>(s: &'s Struct, rust_name: &str) -> &'s Field {
    s.fields.iter().find(|f| f.rust_name == rust_name).expect("conveniences name fields of their struct")
}

/// The argument's type and the expression turning `arg` into the field's value.
fn arg(types: &Types, f: &Field, kind: ArgKind, arg: &str) -> (String, String) {
    let ty = model_type(types, &f.ty);
    let (arg_ty, value) = match kind {
        ArgKind::Into => (format!("impl Into<{ty}>"), format!("{arg}.into()")),
        ArgKind::JsonObject => (
            "impl crate::runtime::IntoJsonObject".to_string(),
            format!("crate::runtime::IntoJsonObject::into_json_object({arg})"),
        ),
    };
    (arg_ty, if f.boxed { format!("Box::new({value})") } else { value })
}

fn struct_impl(out: &mut Source, types: &Types, def: &TypeDef, s: &Struct, conv: &Conveniences, cfg: Option<&str>) {
    out.cfg(cfg);
    // Setters name deprecated fields; that is the caller's choice, not ours.
    if s.fields.iter().any(|f| f.docs.deprecated) {
        out.line("#[allow(deprecated)]");
    }
    out.block(format!("impl {}", def.name), "", |out| {
        if let Some(c) = &conv.constructor {
            constructor(out, types, def, s, c);
        }
        for st in &conv.setters {
            setter(out, types, s, st);
        }
    });
}

fn constructor(out: &mut Source, types: &Types, def: &TypeDef, s: &Struct, c: &Constructor) {
    let params: Vec<String> =
        c.params.iter().map(|a| format!("{}: {}", a.field, arg(types, field(s, &a.field), a.kind, "").0)).collect();
    let mut inits: Vec<String> = s
        .fields
        .iter()
        .map(|f| {
            let n = &f.rust_name;
            match c.params.iter().find(|a| &a.field == n) {
                Some(a) => format!("{n}: {}", arg(types, f, a.kind, n).1),
                None if f.presence() == Presence::Required => format!("{n}: Default::default()"),
                None => format!("{n}: None"),
            }
        })
        .collect();
    if s.additional.is_some() {
        inits.push("extra: Default::default()".into());
    }
    // The tolerant decoder's record, on the structs that carry one (see `models::type_def`).
    if super::models::has_meta(def, s) {
        inits.push("meta: Default::default()".into());
    }
    let required: Vec<String> = c.params.iter().map(|a| code(&field(s, &a.field).json_name)).collect();
    out.doc(&if required.is_empty() {
        " A value with every optional field left out; set them with the methods below.".to_string()
    } else {
        format!(" A value with the required {}; the optional fields left out.", required.join(", "))
    });
    // Without arguments, `new` may stand beside no `Default` (a constant field's type has one; clippy cannot see it).
    if c.params.is_empty() {
        out.line("#[allow(clippy::new_without_default)]");
    }
    allow_many(out, params.len());
    out.line("#[inline]");
    out.parens_block(&format!("pub fn {}", c.method), &params, " -> Self", |out| out.braces("Self", &inits, ""));
}

/// A constructor takes one argument per required field, as many as the spec
/// requires; clippy's `too_many_arguments` (more than 7) is the spec's count.
fn allow_many(out: &mut Source, params: usize) {
    if params > 7 {
        out.line("#[allow(clippy::too_many_arguments)]");
    }
}

fn setter(out: &mut Source, types: &Types, s: &Struct, st: &Setter) {
    let f = field(s, &st.field);
    let n = &f.rust_name;
    let (ty, value) = arg(types, f, st.kind, "value");
    let value = match f.presence() {
        Presence::OptionalNullable => format!("Some(Some({value}))"),
        _ => format!("Some({value})"),
    };
    // A setter named after its field (`is_default`) consumes `self` like every setter.
    let allow = |out: &mut Source| {
        if st.convention_prefix {
            out.line("#[allow(clippy::wrong_self_convention)]");
        }
    };
    // The field's own docs say what it means; a deprecated field's setter warns as the field does.
    // Intra-doc links cannot name a raw identifier (`r#type` reads as `r` and an anchor).
    let see = match n.starts_with("r#") {
        true => format!("`{n}`"),
        false => format!("[`{n}`](field@Self::{n})"),
    };
    out.doc(&format!(" Sets the {} key: see the field {see}.", code(&f.json_name)));
    if f.docs.deprecated {
        out.line("#[deprecated]");
    }
    allow(out);
    out.line("#[inline]");
    out.block(format!("pub fn {}(mut self, value: {ty}) -> Self", st.method), "", |out| {
        out.line(format!("self.{n} = {value};"));
        out.line("self");
    });
    if let Some(m) = &st.null_method {
        out.doc(&format!(" Sends {} as an explicit `null`.", code(&f.json_name)));
        allow(out);
        out.line("#[inline]");
        out.block(format!("pub fn {m}(mut self) -> Self"), "", |out| {
            out.line(format!("self.{n} = Some(None);"));
            out.line("self");
        });
    }
}

fn union_impls(out: &mut Source, name: &str, u: &Union, conv: &Conveniences, api: &Api, cfg: Option<&str>) {
    let types = &api.types;
    let variant = |rust: &str| u.variants.iter().find(|v| v.rust_name == rust).expect("conveniences name variants");
    let wrap = |v: &UnionVariant, value: &str| {
        if v.boxed {
            format!("Self::{}(Box::new({value}))", v.rust_name)
        } else {
            format!("Self::{}({value})", v.rust_name)
        }
    };
    let from = |out: &mut Source, generics: &str, ty: &str, value: String| {
        out.cfg(cfg);
        out.block(format!("impl{generics} From<{ty}> for {name}"), "", |out| {
            out.line("#[inline]");
            out.block(format!("fn from(value: {ty}) -> Self"), "", |out| out.line(value));
        });
    };
    if let Some(v) = &conv.from_string {
        let from_str = wrap(variant(v), "value.into()");
        let from_string = if conv.from_string_exact { wrap(variant(v), "value") } else { from_str.clone() };
        from(out, "", "&str", from_str);
        from(out, "", "String", from_string);
    }
    if let Some(v) = &conv.from_str_list {
        let value = wrap(variant(v), "value.into_iter().map(String::from).collect()");
        from(out, "<const N: usize>", "[&str; N]", value.clone());
        from(out, "", "Vec<&str>", value);
    }
    for v in &conv.from_variants {
        let v = variant(v);
        from(out, "", &model_type(types, &v.ty), wrap(v, "value"));
    }
    for (through, ty) in &conv.from_nested {
        let v = variant(through);
        from(out, "", &model_type(types, ty), wrap(v, &format!("{}::from(value)", model_type(types, &v.ty))));
    }
    let roles: Vec<_> = conv.roles.iter().filter_map(|r| role(api, r, variant(&r.variant), &wrap)).collect();
    if roles.is_empty() {
        return;
    }
    out.cfg(cfg);
    out.block(format!("impl {name}"), "", |out| {
        for (doc, method, params, value) in roles {
            out.doc(&doc);
            allow_many(out, params.len());
            out.line("#[inline]");
            out.parens_block(&format!("pub fn {method}"), &params, " -> Self", |out| out.line(value));
        }
    });
}

/// A role constructor (`Message::user(text)`): its doc line, name, parameters
/// and body; `None` when the struct it builds has no constructor to call.
fn role(
    api: &Api,
    r: &RoleConstructor,
    v: &UnionVariant,
    wrap: &dyn Fn(&UnionVariant, &str) -> String,
) -> Option<(String, String, Vec<String>, String)> {
    let holds = api.types.get(r.struct_name)?;
    let TypeKind::Struct(s) = &holds.kind else { return None };
    let conveniences = api.conveniences.get(&r.struct_name)?;
    let ctor = conveniences.constructor.as_ref()?;
    let (params, call) = match &r.text_setter {
        Some(setter) => {
            let setter_def = conveniences.setters.iter().find(|s| &s.method == setter)?;
            let (ty, _) = arg(&api.types, field(s, &setter_def.field), setter_def.kind, "");
            (vec![format!("text: {ty}")], format!("{}::{}().{setter}(text)", holds.name, ctor.method))
        }
        None => {
            let params = ctor
                .params
                .iter()
                .map(|a| format!("{}: {}", a.field, arg(&api.types, field(s, &a.field), a.kind, "").0))
                .collect();
            let args: Vec<&str> = ctor.params.iter().map(|a| a.field.as_str()).collect();
            (params, format!("{}::{}({})", holds.name, ctor.method, args.join(", ")))
        }
    };
    let doc = format!(" A [`{}`] ({}).", holds.name, code(v.tag_value.as_deref().unwrap_or_default()));
    Some((doc, r.method.clone(), params, wrap(v, &call)))
}
