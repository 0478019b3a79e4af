//! Puts generated files in place: all or nothing, or only compares (`--check`).
//! The only file-system access of the generator, on the directory it is handed.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::Files;

/// Differences between `dir` and what generation would write.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// Newlines are compared as LF so a CRLF checkout does not look stale.
fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn existing_files(dir: &Path) -> io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// Compares `dir` with `files` without touching anything.
pub fn diff(dir: &Path, files: &Files) -> io::Result<Diff> {
    let mut diff = Diff::default();
    for (rel, text) in files {
        match fs::read_to_string(dir.join(rel)) {
            Ok(on_disk) if normalize(&on_disk) == *text => {}
            Ok(_) => diff.changed.push(rel.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => diff.added.push(rel.clone()),
            Err(_) => diff.changed.push(rel.clone()),
        }
    }
    diff.removed = existing_files(dir)?.into_iter().filter(|rel| !files.contains_key(rel)).collect();
    Ok(diff)
}

/// Replaces `dir` with exactly `files`. Everything is written to a sibling
/// staging directory first and swapped in by renames, so a failure leaves
/// `dir` as it was. Unchanged files keep their modification time, so cargo
/// does not rebuild what did not change; an unchanged `dir` is not touched.
pub fn write_all(dir: &Path, files: &Files) -> io::Result<()> {
    if dir.exists() && diff(dir, files)?.is_empty() {
        return Ok(());
    }
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    let backup = parent.join(format!(".{name}.previous-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = (|| {
        for (rel, text) in files {
            let path: PathBuf = staging.join(rel);
            if let Some(p) = path.parent() {
                fs::create_dir_all(p)?;
            }
            fs::write(&path, text)?;
            keep_time_if_unchanged(&dir.join(rel), &path, text)?;
        }
        if dir.exists() {
            fs::rename(dir, &backup)?;
            if let Err(e) = fs::rename(&staging, dir) {
                fs::rename(&backup, dir)?;
                return Err(e);
            }
            fs::remove_dir_all(&backup)
        } else {
            fs::rename(&staging, dir)
        }
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Gives `staged` the modification time of `existing` when both hold `text`.
fn keep_time_if_unchanged(existing: &Path, staged: &Path, text: &str) -> io::Result<()> {
    match fs::read_to_string(existing) {
        Ok(old) if normalize(&old) == *text => {
            let modified = fs::metadata(existing)?.modified()?;
            fs::File::options().write(true).open(staged)?.set_modified(modified)
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    #[test]
    fn unchanged_files_keep_their_time_and_changed_ones_are_rewritten() {
        let dir = std::env::temp_dir().join(format!("codegen-output-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let mut files = Files::new();
        files.insert("a.rs".into(), "fn a() {}\n".into());
        files.insert("src/b.rs".into(), "fn b() {}\n".into());
        write_all(&dir, &files).unwrap();
        let past = SystemTime::now() - Duration::from_secs(3600);
        for rel in files.keys() {
            fs::File::options().write(true).open(dir.join(rel)).unwrap().set_modified(past).unwrap();
        }
        let time = |rel: &str| fs::metadata(dir.join(rel)).unwrap().modified().unwrap();

        files.insert("src/b.rs".into(), "fn b() { changed() }\n".into());
        files.insert("c.rs".into(), "fn c() {}\n".into());
        write_all(&dir, &files).unwrap();

        assert_eq!(time("a.rs"), past);
        assert!(time("src/b.rs") > past);
        assert_eq!(fs::read_to_string(dir.join("src/b.rs")).unwrap(), "fn b() { changed() }\n");
        assert_eq!(fs::read_to_string(dir.join("c.rs")).unwrap(), "fn c() {}\n");
        fs::remove_dir_all(&dir).unwrap();
    }
}
