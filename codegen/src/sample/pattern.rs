//! A string matching a `pattern` (a simple regular expression), for samples.

/// A string matching a simple regular expression: literals, classes,
/// groups with alternatives (the first is taken), quantifiers (their minimum,
/// at least one for `*` and `+`), anchors; lookarounds are skipped. `None` for
/// anything else (backreferences, unbalanced syntax).
pub(super) fn pattern_sample(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut pos = 0;
    let out = alternatives(&chars, &mut pos)?;
    (pos == chars.len()).then_some(out)
}

/// `a|b|c` up to a closing `)` (not consumed) or the end: the first alternative.
fn alternatives(chars: &[char], pos: &mut usize) -> Option<String> {
    let first = sequence(chars, pos)?;
    while chars.get(*pos) == Some(&'|') {
        *pos += 1;
        sequence(chars, pos)?;
    }
    Some(first)
}

fn sequence(chars: &[char], pos: &mut usize) -> Option<String> {
    let mut out = String::new();
    while let Some(&ch) = chars.get(*pos) {
        let atom = match ch {
            '|' | ')' => break,
            '^' | '$' => {
                *pos += 1;
                continue;
            }
            '(' => {
                *pos += 1;
                // `(?:…)` groups; `(?=…)` and `(?!…)` constrain but write nothing.
                let mut skip = false;
                if chars.get(*pos) == Some(&'?') {
                    match chars.get(*pos + 1) {
                        Some(':') => {}
                        Some('=' | '!') => skip = true,
                        _ => return None,
                    }
                    *pos += 2;
                }
                let inner = alternatives(chars, pos)?;
                if chars.get(*pos) != Some(&')') {
                    return None;
                }
                *pos += 1;
                if skip {
                    continue;
                }
                inner
            }
            '[' => class(chars, pos)?.to_string(),
            '\\' => {
                let escaped = *chars.get(*pos + 1)?;
                *pos += 2;
                match escaped {
                    'd' => "0".into(),
                    'w' => "a".into(),
                    's' => " ".into(),
                    'D' | 'W' | 'S' => "-".into(),
                    c if c.is_ascii_alphanumeric() => return None,
                    c => c.to_string(),
                }
            }
            '.' => {
                *pos += 1;
                "a".into()
            }
            '*' | '+' | '?' | '{' => return None,
            c => {
                *pos += 1;
                c.to_string()
            }
        };
        let count = quantifier(chars, pos)?;
        out.push_str(&atom.repeat(count));
    }
    Some(out)
}

/// A quantifier after an atom, as the number of repetitions to write.
fn quantifier(chars: &[char], pos: &mut usize) -> Option<usize> {
    let count = match chars.get(*pos) {
        Some('?') => 0,
        Some('*' | '+') => 1,
        Some('{') => {
            let end = chars[*pos..].iter().position(|&c| c == '}')? + *pos;
            let body: String = chars[*pos + 1..end].iter().collect();
            let min = body.split(',').next()?.trim().parse().ok()?;
            *pos = end;
            min
        }
        _ => return Some(1),
    };
    *pos += 1;
    if chars.get(*pos) == Some(&'?') {
        *pos += 1; // lazy
    }
    Some(count)
}

/// `[...]`: a character the class allows.
fn class(chars: &[char], pos: &mut usize) -> Option<char> {
    *pos += 1;
    let negated = chars.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut members: Vec<(char, char)> = Vec::new();
    let mut first = true;
    loop {
        let ch = *chars.get(*pos)?;
        if ch == ']' && !first {
            *pos += 1;
            break;
        }
        first = false;
        let lo = if ch == '\\' {
            *pos += 1;
            match *chars.get(*pos)? {
                'd' => {
                    members.push(('0', '9'));
                    *pos += 1;
                    continue;
                }
                'w' => {
                    members.extend([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                    *pos += 1;
                    continue;
                }
                's' => {
                    members.push((' ', ' '));
                    *pos += 1;
                    continue;
                }
                c => c,
            }
        } else {
            ch
        };
        *pos += 1;
        if chars.get(*pos) == Some(&'-') && chars.get(*pos + 1).is_some_and(|&c| c != ']') {
            let hi = chars[*pos + 1];
            *pos += 2;
            members.push((lo, hi));
        } else {
            members.push((lo, lo));
        }
    }
    if negated {
        "axX0_".chars().find(|c| !members.iter().any(|(lo, hi)| (lo..=hi).contains(&c)))
    } else {
        // A letter or digit when the class has one: friendlier than punctuation.
        members.iter().find(|(lo, _)| lo.is_ascii_alphanumeric()).or(members.first()).map(|(lo, _)| *lo)
    }
}
