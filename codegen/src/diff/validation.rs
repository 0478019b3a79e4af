//! Validation bounds (`maximum`, `maxLength`, `pattern`, …): not in the Rust
//! types, but a tighter bound on what a request sends can reject a value
//! the old client sent.

use crate::ir::Constraints;

/// Whether `new` accepts less than `old` does (a bound added or narrowed).
pub fn tightened(old: &Constraints, new: &Constraints) -> bool {
    let upper = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => y < x,
        _ => false,
    };
    let lower = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (None, Some(_)) => true,
        (Some(x), Some(y)) => y > x,
        _ => false,
    };
    let count = |n: Option<usize>| n.map(|n| n as f64);
    upper(old.maximum, new.maximum)
        || lower(old.minimum, new.minimum)
        || (!old.exclusive_maximum && new.exclusive_maximum)
        || (!old.exclusive_minimum && new.exclusive_minimum)
        || upper(count(old.max_length), count(new.max_length))
        || lower(count(old.min_length), count(new.min_length))
        || upper(count(old.max_items), count(new.max_items))
        || lower(count(old.min_items), count(new.min_items))
        || lower(count(old.min_properties), count(new.min_properties))
        || (new.pattern.is_some() && old.pattern != new.pattern)
        || (new.format.is_some() && old.format != new.format)
        || (!new.required_any.is_empty() && old.required_any != new.required_any)
        || match (&old.items, &new.items) {
            (Some(a), Some(b)) => tightened(a, b),
            (None, Some(b)) => tightened(&Constraints::default(), b),
            _ => false,
        }
}

/// A short account of what changed: `maximum 100 → 50`.
pub fn describe(old: &Constraints, new: &Constraints) -> String {
    let old = serde_json::to_value(old).unwrap_or_default();
    let new = serde_json::to_value(new).unwrap_or_default();
    let (empty, mut parts) = (serde_json::Map::new(), Vec::new());
    let (a, b) = (old.as_object().unwrap_or(&empty), new.as_object().unwrap_or(&empty));
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for k in keys {
        let show = |v: Option<&serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_else(|| "none".into());
        if a.get(k) != b.get(k) {
            parts.push(format!("{k} {} → {}", show(a.get(k)), show(b.get(k))));
        }
    }
    parts.join(", ")
}
