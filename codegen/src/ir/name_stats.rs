//! Counts that tell how readable a spec's type names came out; printed by
//! [`Api::summary`] so every spec's figures can be compared across versions.

use super::model::*;

/// Figures over the type names of one spec (and, for `variant_numbered`,
/// the names of union variants).
#[derive(Debug, Clone, PartialEq)]
pub struct NameStats {
    /// `pub type X = …` definitions.
    pub aliases: usize,
    /// Type or union-variant names holding `Variant` and a number (`FooVariant2`).
    pub variant_numbered: usize,
    /// Type names ending in a digit: a counter the namer added, or the spec's own.
    pub numeric_suffixed: usize,
    /// The longest type name.
    pub longest: String,
    /// Mean length of a type name, in characters.
    pub mean_length: f64,
}

fn variant_numbered(name: &str) -> bool {
    name.match_indices("Variant").any(|(i, w)| name[i + w.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

impl Api {
    /// The naming figures of this spec's types.
    pub fn name_stats(&self) -> NameStats {
        let names = || self.types.names();
        let variants = self.types.values().flat_map(|d| match &d.kind {
            TypeKind::Union(u) => u.variants.iter().map(|v| v.rust_name.as_str()).collect(),
            _ => Vec::new(),
        });
        let total: usize = names().map(|n| n.len()).sum();
        NameStats {
            aliases: self.types.values().filter(|d| matches!(d.kind, TypeKind::Alias(_))).count(),
            variant_numbered: names().map(String::as_str).chain(variants).filter(|n| variant_numbered(n)).count(),
            numeric_suffixed: names().filter(|n| n.ends_with(|c: char| c.is_ascii_digit())).count(),
            longest: names().max_by_key(|n| n.len()).cloned().unwrap_or_default(),
            mean_length: if self.types.is_empty() { 0.0 } else { total as f64 / self.types.len() as f64 },
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn variant_numbered_needs_a_digit_after_the_word() {
        assert!(super::variant_numbered("FooVariant2"));
        assert!(super::variant_numbered("Variant1Item"));
        assert!(!super::variant_numbered("FooVariant"));
        assert!(!super::variant_numbered("VariantKind3"));
    }
}
