//! Reading a project as it was at a git revision, without touching the working tree or
//! the index: the revision's files under the project directory are listed with
//! `git ls-tree`, read with `git cat-file --batch` and written into a temporary
//! directory, which the loader then reads like any project.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::{Command, Stdio};

/// One side of a diff, as written on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A project directory (or its `tom.yaml`) on disk.
    Dir(PathBuf),
    /// `git:REV` or `git:REV:DIR`: the project at a revision of the repository.
    Git {
        /// The revision (`HEAD~1`, `origin/main`, a commit id).
        rev: String,
        /// The project directory, relative to the repository root; `None`: the project
        /// at the same place as the directory tomc is asked about.
        dir: Option<String>,
    },
}

impl Side {
    /// Reads `git:REV`, `git:REV:DIR` or a path.
    pub fn parse(arg: &str) -> Self {
        match arg.strip_prefix("git:") {
            Some(rest) => match rest.split_once(':') {
                Some((rev, dir)) => Side::Git {
                    rev: rev.to_owned(),
                    dir: Some(dir.to_owned()),
                },
                None => Side::Git {
                    rev: rest.to_owned(),
                    dir: None,
                },
            },
            None => Side::Dir(PathBuf::from(arg)),
        }
    }
}

/// Why a revision could not be read.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RevisionError {
    /// `git` could not be started.
    #[error("cannot run git: {0}")]
    #[diagnostic(
        code(tomc::git),
        help("install git and make sure it is on PATH, or compare two directories instead")
    )]
    NoGit(std::io::Error),
    /// The directory is not inside a git repository.
    #[error("`{0}` is not inside a git repository")]
    #[diagnostic(
        code(tomc::git),
        help("run tomc inside the repository, or compare two project directories")
    )]
    NotARepository(PathBuf),
    /// The revision names no commit.
    #[error("`{0}` is not a commit in this repository")]
    #[diagnostic(
        code(tomc::git),
        help(
            "check the name with `git log --oneline`; in CI, fetch the base branch first (e.g. `fetch-depth: 0`)"
        )
    )]
    UnknownRevision(String),
    /// The revision has no `tom.yaml` in the project directory.
    #[error("there is no tom.yaml in `{dir}` at revision `{rev}`")]
    #[diagnostic(
        code(tomc::no_project),
        help(
            "name the project directory with git:REV:DIR, or check that the project existed at that revision"
        )
    )]
    NoProject {
        /// The revision.
        rev: String,
        /// The directory, relative to the repository root.
        dir: String,
    },
    /// A git command failed.
    #[error("`git {command}` failed: {stderr}")]
    #[diagnostic(code(tomc::git))]
    Git {
        /// The command's arguments.
        command: String,
        /// What git said.
        stderr: String,
    },
    /// The snapshot could not be written.
    #[error("cannot write the snapshot of `{rev}` to `{path}`: {source}")]
    #[diagnostic(
        code(tomc::io),
        help("check that the temporary directory (TMPDIR) exists and has room")
    )]
    Io {
        /// The revision.
        rev: String,
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A project as it was at a revision, in a temporary directory removed on drop.
#[derive(Debug)]
pub struct Snapshot {
    /// The project directory inside the snapshot.
    pub project: PathBuf,
    /// Owns the temporary directory.
    _root: tempfile::TempDir,
}

/// The directory of a project path (its `tom.yaml` or the directory itself).
pub fn project_dir(path: &Path) -> PathBuf {
    if path.is_file() {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
            _ => PathBuf::from("."),
        }
    } else {
        path.to_owned()
    }
}

/// Writes the project at `rev` into a temporary directory. The project directory is
/// `dir` (relative to the repository root) if given, else the place of `near` in its
/// repository.
pub fn snapshot(rev: &str, dir: Option<&str>, near: &Path) -> Result<Snapshot, RevisionError> {
    let near = if near.as_os_str().is_empty() {
        Path::new(".")
    } else {
        near
    };
    let top = git(near, &["rev-parse", "--show-toplevel"])
        .map_err(|_| RevisionError::NotARepository(near.to_owned()))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    let prefix = match dir {
        Some(d) => normalize(d),
        None => {
            let out = git(near, &["rev-parse", "--show-prefix"])
                .map_err(|_| RevisionError::NotARepository(near.to_owned()))?;
            normalize(String::from_utf8_lossy(&out).trim_end_matches(['\n', '\r']))
        }
    };
    let spec = format!("{rev}^{{commit}}");
    let commit = git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &spec,
        ],
    )
    .map_err(|e| match e {
        RevisionError::NoGit(e) => RevisionError::NoGit(e),
        _ => RevisionError::UnknownRevision(rev.to_owned()),
    })?;
    let commit = String::from_utf8_lossy(&commit).trim().to_owned();

    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit.as_str()];
    if !prefix.is_empty() {
        args.extend(["--", prefix.as_str()]);
    }
    let listing = git(&top, &args)?;
    let entries = parse_ls_tree(&listing, &prefix);
    let project_file = if prefix.is_empty() {
        "tom.yaml".to_owned()
    } else {
        format!("{prefix}/tom.yaml")
    };
    if !entries.iter().any(|e| e.path == project_file) {
        return Err(RevisionError::NoProject {
            rev: rev.to_owned(),
            dir: if prefix.is_empty() {
                ".".into()
            } else {
                prefix
            },
        });
    }

    let io_err = |path: &Path, source| RevisionError::Io {
        rev: rev.to_owned(),
        path: path.to_owned(),
        source,
    };
    let root = tempfile::Builder::new()
        .prefix("tomc-rev-")
        .tempdir()
        .map_err(|e| io_err(&std::env::temp_dir(), e))?;
    write_blobs(&top, &entries, root.path(), &io_err)?;
    Ok(Snapshot {
        project: root.path().join(&prefix),
        _root: root,
    })
}

/// A repository-relative directory without `./`, trailing `/` or empty parts.
fn normalize(dir: &str) -> String {
    dir.split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect::<Vec<_>>()
        .join("/")
}

/// One file of the revision.
#[derive(Debug)]
struct Entry {
    path: String,
    object: String,
    symlink: bool,
}

/// Blobs and links of `ls-tree -r -z` output; submodules and unsafe paths are skipped.
fn parse_ls_tree(listing: &[u8], prefix: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    for record in listing.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let record = String::from_utf8_lossy(record);
        let Some((meta, path)) = record.split_once('\t') else {
            continue;
        };
        let mut parts = meta.split(' ');
        let (Some(mode), Some(kind), Some(object)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let inside = prefix.is_empty() || path.starts_with(&format!("{prefix}/"));
        let safe = Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if kind == "blob" && inside && safe {
            entries.push(Entry {
                path: path.to_owned(),
                object: object.to_owned(),
                symlink: mode == "120000",
            });
        }
    }
    entries
}

/// The longest link target written into a snapshot (`PATH_MAX` on Linux).
const MAX_LINK: u64 = 4096;

/// Writes every entry under `root`, read in order through one `git cat-file --batch`.
/// Blobs are streamed to their files, never held whole: memory stays bounded whatever
/// the revision holds. A blob larger than the loader reads is written as a sparse file
/// of its size, without its bytes, so the loader refuses it by its size as it would the
/// file in a working tree.
fn write_blobs(
    top: &Path,
    entries: &[Entry],
    root: &Path,
    io_err: &dyn Fn(&Path, std::io::Error) -> RevisionError,
) -> Result<(), RevisionError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(RevisionError::NoGit)?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| cat_file_failed("no stdin".into()))?;
    let names: Vec<u8> = entries
        .iter()
        .flat_map(|e| format!("{}\n", e.object).into_bytes())
        .collect();
    // Written from a thread: git answers while it reads, and both pipes are bounded.
    let writer = std::thread::spawn(move || stdin.write_all(&names));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| cat_file_failed("no stdout".into()))?;
    let mut reader = BufReader::new(stdout);
    let result = entries
        .iter()
        .try_for_each(|entry| write_entry(&mut reader, entry, root, io_err));
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    result
}

/// `git cat-file --batch` failed: `what` went wrong.
fn cat_file_failed(what: String) -> RevisionError {
    RevisionError::Git {
        command: "cat-file --batch".into(),
        stderr: what,
    }
}

/// Reads the next object of the batch from `reader`, `entry`'s, and writes it under
/// `root`: a link as a link, a file as a file (sparse when larger than the loader
/// reads).
fn write_entry(
    reader: &mut impl BufRead,
    entry: &Entry,
    root: &Path,
    io_err: &dyn Fn(&Path, std::io::Error) -> RevisionError,
) -> Result<(), RevisionError> {
    let failed = cat_file_failed;
    let max_file = crate::limits::Limits::DEFAULT.max_file_bytes;
    let mut header = String::new();
    reader
        .take(1024)
        .read_line(&mut header)
        .map_err(|e| failed(e.to_string()))?;
    // `<object> blob <size>`, or `<object> missing`.
    let size = header
        .split_whitespace()
        .nth(2)
        .and_then(|s| s.parse::<u64>().ok())
        .ok_or_else(|| failed(format!("cannot read `{}`: {}", entry.path, header.trim())))?;
    let path = root.join(&entry.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    let mut blob = reader.take(size);
    if entry.symlink {
        let mut target = Vec::new();
        (&mut blob)
            .take(MAX_LINK)
            .read_to_end(&mut target)
            .map_err(|e| failed(e.to_string()))?;
        if size > MAX_LINK {
            return Err(failed(format!(
                "`{}` is a link to a target longer than {MAX_LINK} bytes",
                entry.path
            )));
        }
        write_link(&target, &path).map_err(|e| io_err(&path, e))?;
    } else {
        let mut file = std::fs::File::create(&path).map_err(|e| io_err(&path, e))?;
        if size > max_file {
            std::io::copy(&mut blob, &mut std::io::sink()).map_err(|e| failed(e.to_string()))?;
            file.set_len(size).map_err(|e| io_err(&path, e))?;
        } else {
            let copied = std::io::copy(&mut blob, &mut file).map_err(|e| io_err(&path, e))?;
            if copied != size {
                return Err(failed(format!("`{}` ended early", entry.path)));
            }
        }
    }
    let mut newline = [0u8; 1];
    reader
        .read_exact(&mut newline)
        .map_err(|e| failed(e.to_string()))
}

#[cfg(unix)]
fn write_link(target: &[u8], path: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(target), path)
}

#[cfg(not(unix))]
fn write_link(target: &[u8], path: &Path) -> std::io::Result<()> {
    // Without symbolic links, git itself checks links out as files holding the target.
    std::fs::write(path, target)
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, RevisionError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(RevisionError::NoGit)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(RevisionError::Git {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides() {
        assert_eq!(Side::parse("old/"), Side::Dir("old/".into()));
        assert_eq!(
            Side::parse("git:HEAD~1"),
            Side::Git {
                rev: "HEAD~1".into(),
                dir: None
            }
        );
        assert_eq!(
            Side::parse("git:origin/main:examples/x"),
            Side::Git {
                rev: "origin/main".into(),
                dir: Some("examples/x".into())
            }
        );
    }

    #[test]
    fn listing_keeps_files_under_the_prefix_only() {
        let listing = [
            "100644 blob aaa\tp/tom.yaml",
            "100644 blob bbb\tpq/x.yaml",
            "160000 commit ccc\tp/sub",
            "120000 blob ddd\tp/link.yaml",
            "100644 blob eee\tp/../escape.yaml",
        ]
        .join("\0");
        let entries = parse_ls_tree(listing.as_bytes(), "p");
        let paths: Vec<_> = entries
            .iter()
            .map(|e| (e.path.as_str(), e.symlink))
            .collect();
        assert_eq!(paths, [("p/tom.yaml", false), ("p/link.yaml", true)]);
        assert_eq!(normalize("./a//b/"), "a/b");
    }
}
