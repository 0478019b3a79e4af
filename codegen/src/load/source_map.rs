use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// JSON pointer → 1-based line of the node in the spec text.
///
/// Holds one entry per node of the parsed text (≈100k for a 3 MB spec), plus
/// entries the normalizer adds for nodes it moved. The pointers live in one
/// arena string and the index is keyed by their hash, so recording a node
/// costs no allocation of its own.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    arena: String,
    entries: Vec<Entry>,
    /// Hash of a pointer → its newest entry; older ones with the same hash
    /// are chained through `Entry::next`.
    index: HashMap<u64, usize, BuildHasherDefault<KeyHasher>>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    start: usize,
    end: usize,
    line: usize,
    next: Option<usize>,
}

impl SourceMap {
    /// A map expecting about `nodes` entries.
    pub fn with_capacity(nodes: usize) -> Self {
        SourceMap {
            arena: String::with_capacity(nodes.saturating_mul(48)),
            entries: Vec::with_capacity(nodes),
            index: HashMap::with_capacity_and_hasher(nodes, Default::default()),
        }
    }

    /// Records the line of `pointer`; a pointer recorded again takes the new
    /// line (the newest entry of a chain shadows the older ones).
    pub fn insert(&mut self, pointer: impl AsRef<str>, line: usize) {
        let pointer = pointer.as_ref();
        let hash = hash(pointer);
        let start = self.arena.len();
        self.arena.push_str(pointer);
        let next = self.index.insert(hash, self.entries.len());
        self.entries.push(Entry { start, end: self.arena.len(), line, next });
    }

    /// The line of `pointer`, or of its nearest ancestor the map knows.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(entry) = self.find(hash(p), p).and_then(|i| self.entries.get(i)) {
                return Some(entry.line);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }

    /// The last node recorded at or before `line`, in document order: the
    /// node being read there (for errors found in the raw text).
    pub fn pointer_at_line(&self, line: usize) -> Option<&str> {
        let entry = self.entries.iter().take_while(|e| e.line <= line).last()?;
        self.arena.get(entry.start..entry.end)
    }

    /// Records, for every pointer `moved` maps to a new one, the same line
    /// under the new pointer (for nodes the loader moves).
    pub fn remap(&mut self, moved: impl Fn(&str) -> Option<String>) {
        let mut added = Vec::new();
        for entry in &self.entries {
            if let Some(new) = self.arena.get(entry.start..entry.end).and_then(&moved) {
                added.push((new, entry.line));
            }
        }
        for (pointer, line) in added {
            self.insert(pointer, line);
        }
    }

    /// Number of entries recorded (a pointer recorded twice counts twice).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, hash: u64, pointer: &str) -> Option<usize> {
        let mut at = self.index.get(&hash).copied();
        while let Some(i) = at {
            let entry = self.entries.get(i)?;
            if self.arena.get(entry.start..entry.end) == Some(pointer) {
                return Some(i);
            }
            at = entry.next;
        }
        None
    }
}

/// A multiply-rotate hash (the "Fx" scheme) of a pointer: the keys come from
/// the user's own file, so DoS-resistant SipHash buys nothing and costs a
/// good part of the parse time.
fn hash(pointer: &str) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut hash: u64 = 0;
    let mut add = |word: u64| hash = (hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    let bytes = pointer.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        add(u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    let mut word = [0u8; 8];
    word[..rest.len()].copy_from_slice(rest);
    // The length keeps "/a" and "/a\0" apart.
    add(u64::from_le_bytes(word) ^ ((bytes.len() as u64) << 56));
    hash
}

/// The index keys are hashes already.
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::SourceMap;

    #[test]
    fn lines_and_ancestors() {
        let mut map = SourceMap::default();
        map.insert("", 1);
        map.insert("/a", 2);
        map.insert(String::from("/a/b~1c"), 3);
        map.insert("/a", 4);
        assert_eq!(map.line_of("/a"), Some(4));
        assert_eq!(map.line_of("/a/b~1c"), Some(3));
        assert_eq!(map.line_of("/a/b~1c/d/e"), Some(3));
        assert_eq!(map.line_of("/a/x"), Some(4));
        assert_eq!(map.line_of("/z"), Some(1));
        assert_eq!(map.len(), 4);
        assert_eq!(SourceMap::default().line_of("/a"), None);
    }

    #[test]
    fn many_pointers() {
        let mut map = SourceMap::with_capacity(4);
        for i in 0..10_000 {
            map.insert(format!("/p/{i}"), i + 1);
        }
        assert!((0..10_000).all(|i| map.line_of(&format!("/p/{i}")) == Some(i + 1)));
    }
}
