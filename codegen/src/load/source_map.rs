use std::collections::HashMap;

/// JSON pointer → 1-based line of the node in the spec text.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    lines: HashMap<String, usize>,
}

impl SourceMap {
    pub fn insert(&mut self, pointer: String, line: usize) {
        self.lines.insert(pointer, line);
    }

    /// The line of `pointer`, or of its nearest ancestor the map knows.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let mut p = pointer;
        loop {
            if let Some(line) = self.lines.get(p) {
                return Some(*line);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }
}
