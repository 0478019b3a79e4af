//! The rule that keeps a build of the generated crate from compiling code for
//! thousands of types nobody calls: every non-generic function the generator
//! writes for a type or an operation is `#[inline]`. rustc generates machine
//! code for an `#[inline]` function, as for a generic one, only in a crate
//! that calls it; any other non-generic function is compiled, with everything
//! it reaches (a `Clone` of a whole `Response`, say), in every build of the
//! generated crate (README, Performance).

use syn::visit::{self, Visit};
use syn::{GenericParam, Generics, ImplItemFn, ItemFn, ItemImpl, Signature, Type};

/// The functions of `source` (a generated Rust file) that are neither generic
/// nor `#[inline]`, as `Self::name` (or `name` for a free function).
pub fn functions_not_inline(source: &str) -> Result<Vec<String>, String> {
    let file = syn::parse_file(source).map_err(|e| format!("does not parse: {e}"))?;
    let mut finder = Finder { self_ty: None, generic_impl: false, found: Vec::new() };
    finder.visit_file(&file);
    Ok(finder.found)
}

struct Finder {
    self_ty: Option<String>,
    generic_impl: bool,
    found: Vec<String>,
}

impl Finder {
    fn check(&mut self, attrs: &[syn::Attribute], sig: &Signature) {
        let inline = attrs.iter().any(|a| a.path().is_ident("inline"));
        if inline || self.generic_impl || is_generic(&sig.generics) || takes_impl_trait(sig) {
            return;
        }
        let owner = self.self_ty.as_deref().map(|t| format!("{t}::")).unwrap_or_default();
        self.found.push(format!("{owner}{}", sig.ident));
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_impl(&mut self, item: &'ast ItemImpl) {
        let outer = (self.self_ty.take(), self.generic_impl);
        self.self_ty = Some(last_segment(&item.self_ty));
        self.generic_impl = is_generic(&item.generics);
        visit::visit_item_impl(self, item);
        (self.self_ty, self.generic_impl) = outer;
    }

    fn visit_impl_item_fn(&mut self, item: &'ast ImplItemFn) {
        self.check(&item.attrs, &item.sig);
    }

    fn visit_item_fn(&mut self, item: &'ast ItemFn) {
        self.check(&item.attrs, &item.sig);
    }
}

/// Lifetimes do not make a function generic for code generation; types and constants do.
fn is_generic(generics: &Generics) -> bool {
    generics.params.iter().any(|p| !matches!(p, GenericParam::Lifetime(_)))
}

fn takes_impl_trait(sig: &Signature) -> bool {
    sig.inputs.iter().any(|input| matches!(input, syn::FnArg::Typed(arg) if matches!(*arg.ty, Type::ImplTrait(_))))
}

fn last_segment(ty: &Type) -> String {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()).unwrap_or_default(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::functions_not_inline;

    #[test]
    fn finds_a_non_generic_function_without_inline_and_nothing_else() {
        let source = r#"
            impl A {
                pub fn plain(&self) -> String { String::new() }
                #[inline]
                pub fn inlined(&self) {}
                pub fn generic<T>(&self, _: T) {}
                pub fn impl_trait(self, _: impl Into<String>) -> Self { self }
                pub fn lifetime<'a>(&'a self) -> &'a str { "" }
            }
            impl<T> B<T> { fn in_generic_impl(&self) {} }
            impl std::fmt::Display for C {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }
            }
            fn free() {}
        "#;
        let found = functions_not_inline(source).unwrap();
        assert_eq!(found, ["A::plain", "A::lifetime", "C::fmt", "free"]);
    }
}
