//! `tomc build --pdf`: the printable summary of a built site, printed to `summary.pdf`
//! by the system's Chromium (or Chrome) in headless mode. tomc bundles no browser: it
//! finds one, or says how to get one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::emit::site::print::{summary_document, summary_files};

/// The file the summary is printed to, in the site directory.
pub const SUMMARY_PDF: &str = "summary.pdf";

/// The environment variable that names the browser to print with.
pub const BROWSER_VAR: &str = "TOMC_CHROMIUM";

/// The names a Chromium-based browser goes by on `PATH`, most likely first.
const BROWSER_NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
];

/// Where the browsers live outside `PATH` on macOS and Windows.
const BROWSER_PATHS: &[&str] = &[
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
];

/// How long the browser may take to print before it is stopped.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// The summary's source, written beside the pages while the browser prints it, then
/// removed.
const SUMMARY_SOURCE: &str = ".summary-print.html";

/// Why the summary could not be printed.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum PdfError {
    /// No browser was found.
    #[error("--pdf prints the summary with Chromium or Chrome, and neither was found")]
    #[diagnostic(
        code(tomc::pdf),
        help(
            "install one (on Debian or Ubuntu: `apt install chromium`), or name it with TOMC_CHROMIUM=/path/to/chromium; no site was written"
        )
    )]
    NoBrowser,
    /// The browser named by `TOMC_CHROMIUM` is not there.
    #[error("TOMC_CHROMIUM names `{0}`, which is not a file")]
    #[diagnostic(
        code(tomc::pdf),
        help(
            "set TOMC_CHROMIUM to the path of a Chromium or Chrome executable, or unset it to search PATH; no site was written"
        )
    )]
    Missing(PathBuf),
    /// `--pdf` with the Markdown site.
    #[error("--pdf prints the HTML site and cannot be used with --format markdown")]
    #[diagnostic(code(tomc::pdf), help("leave out --format markdown, or --pdf"))]
    NotHtml,
    /// The browser could not be started, failed or took too long.
    #[error("`{browser}` could not print the summary: {why}")]
    #[diagnostic(
        code(tomc::pdf),
        help("run without --pdf to build the site alone; the previous site, if any, is unchanged")
    )]
    Print {
        /// The browser.
        browser: PathBuf,
        /// What went wrong, in tomc's words.
        why: String,
    },
    /// The summary's pages could not be read or written.
    #[error("cannot prepare the summary in `{path}`: {source}")]
    #[diagnostic(code(tomc::io))]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The browser to print with: `TOMC_CHROMIUM` when set, else the first of
/// the usual Chromium names on `PATH`, else a usual install location.
pub fn find_browser() -> Result<PathBuf, PdfError> {
    if let Some(named) = std::env::var_os(BROWSER_VAR).filter(|v| !v.is_empty()) {
        let named = PathBuf::from(named);
        return if named.is_file() {
            Ok(named)
        } else {
            Err(PdfError::Missing(named))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
    BROWSER_NAMES
        .iter()
        .flat_map(|name| {
            dirs.iter()
                .flat_map(move |dir| [dir.join(name), dir.join(format!("{name}.exe"))])
        })
        .chain(BROWSER_PATHS.iter().map(PathBuf::from))
        .find(|candidate| candidate.is_file())
        .ok_or(PdfError::NoBrowser)
}

/// Prints the summary of the HTML site in `site` (the executive summary, strategy map,
/// roadmap and gap report) to `site/summary.pdf` with `browser`.
pub fn print_summary(site: &Path, project: &str, browser: &Path) -> Result<(), PdfError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| PdfError::Io { path, source }
    };
    let mut pages = Vec::new();
    for (title, file) in summary_files() {
        let path = site.join(file);
        match std::fs::read_to_string(&path) {
            Ok(html) => pages.push((title.to_owned(), html)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&path)(e)),
        }
    }
    let source = site.join(SUMMARY_SOURCE);
    std::fs::write(&source, summary_document(project, &pages)).map_err(io(&source))?;
    let printed = print(browser, &source, &site.join(SUMMARY_PDF));
    let _ = std::fs::remove_file(&source);
    printed
}

/// Prints the page `source` to `pdf` with `browser`, headless, in a profile of its own
/// that is removed afterwards.
fn print(browser: &Path, source: &Path, pdf: &Path) -> Result<(), PdfError> {
    let failed = |why: String| PdfError::Print {
        browser: browser.to_owned(),
        why,
    };
    let profile = tempfile::Builder::new()
        .prefix("tomc-chromium-")
        .tempdir()
        .map_err(|e| failed(format!("cannot make its profile directory: {e}")))?;
    let source = std::path::absolute(source).map_err(|e| failed(e.to_string()))?;
    let pdf = std::path::absolute(pdf).map_err(|e| failed(e.to_string()))?;
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(file_url(&source))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(format!("it could not be started ({e})")))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "it did not finish within {} seconds and was stopped",
                    PRINT_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(format!("waiting for it failed ({e})"))),
        }
    };
    if !status.success() {
        return Err(failed(format!("it exited with {status}")));
    }
    let mut bytes = match std::fs::read(&pdf) {
        Ok(bytes) if bytes.starts_with(b"%PDF-") => bytes,
        _ => return Err(failed("it exited without writing the PDF".into())),
    };
    let dates = fix_dates(&mut bytes);
    if renumber_nodes(&mut bytes) || dates {
        std::fs::write(&pdf, &bytes).map_err(|e| failed(format!("cannot fix its dates ({e})")))?;
    }
    Ok(())
}

/// The date every summary carries, so that two builds of one model give the same bytes.
const FIXED_DATE: &[u8] = b"19700101000000+00'00'";

/// Sets the creation and modification dates of the PDF `bytes` to [`FIXED_DATE`], in
/// place and at the same length (so the offsets of the PDF's cross-reference table stay
/// right); whether anything changed.
fn fix_dates(bytes: &mut [u8]) -> bool {
    let mut changed = false;
    for key in [&b"/CreationDate (D:"[..], &b"/ModDate (D:"[..]] {
        let mut from = 0;
        while let Some(at) = find(&bytes[from..], key) {
            let start = from + at + key.len();
            let end = start + FIXED_DATE.len();
            from = start;
            let Some(date) = bytes.get_mut(start..end) else {
                break;
            };
            let shaped = date.iter().zip(FIXED_DATE).all(|(d, f)| match f {
                b'0'..=b'9' => d.is_ascii_digit(),
                b'+' => matches!(d, b'+' | b'-' | b'Z'),
                _ => d == f,
            });
            if shaped && date != FIXED_DATE {
                date.copy_from_slice(FIXED_DATE);
                changed = true;
            }
        }
    }
    changed
}

/// The structure-element ids of a tagged PDF (`(node00000023)`): Chromium numbers them
/// from its accessibility tree, whose numbers shift from one run to the next. Each id
/// becomes its rank among them (the same order, so the PDF's id tree stays sorted), in
/// place and at the same length; whether anything changed.
fn renumber_nodes(bytes: &mut [u8]) -> bool {
    const OPEN: &[u8] = b"(node";
    const DIGITS: usize = 8;
    let number_at = |bytes: &[u8], at: usize| -> Option<u64> {
        let digits = bytes.get(at..at + DIGITS)?;
        (digits.iter().all(u8::is_ascii_digit) && bytes.get(at + DIGITS) == Some(&b')'))
            .then(|| std::str::from_utf8(digits).ok()?.parse().ok())
            .flatten()
    };
    let mut places = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], OPEN) {
        let start = from + at + OPEN.len();
        if let Some(n) = number_at(bytes, start) {
            places.push((start, n));
        }
        from = start;
    }
    let mut ids: Vec<u64> = places.iter().map(|&(_, n)| n).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut changed = false;
    for (start, n) in places {
        let rank = ids.binary_search(&n).unwrap_or(0) + 1;
        let text = format!("{rank:0DIGITS$}");
        let slot = &mut bytes[start..start + DIGITS];
        if slot != text.as_bytes() {
            slot.copy_from_slice(text.as_bytes());
            changed = true;
        }
    }
    changed
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The `file:` URL of the absolute path `path`, with every byte outside the unreserved
/// set and `/` percent-encoded.
fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from(if text.starts_with('/') {
        "file://"
    } else {
        "file:///"
    });
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' | b':' => {
                url.push(char::from(b));
            }
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_fixed_in_place() {
        let mut pdf = b"%PDF-1.4\n<</CreationDate (D:20261203235807+01'00')\n/ModDate (D:20261203235807-05'00')>>".to_vec();
        let len = pdf.len();
        assert!(fix_dates(&mut pdf));
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert_eq!(
            text.matches("(D:19700101000000+00'00')").count(),
            2,
            "{text}"
        );
        assert!(!fix_dates(&mut pdf), "a fixed date stays");
        let mut odd = b"/ModDate (D:2026)".to_vec();
        assert!(
            !fix_dates(&mut odd),
            "a date of another shape is left alone"
        );
    }

    #[test]
    fn structure_ids_become_their_ranks_in_place() {
        let mut pdf =
            b"<</ID (node00000023)>> <</ID (node00000107)>> [(node00000023) 5 0 R (node00000107) 6 0 R] (node1)".to_vec();
        let len = pdf.len();
        assert!(renumber_nodes(&mut pdf));
        assert_eq!(pdf.len(), len);
        assert_eq!(
            String::from_utf8(pdf.clone()).unwrap(),
            "<</ID (node00000001)>> <</ID (node00000002)>> [(node00000001) 5 0 R (node00000002) 6 0 R] (node1)"
        );
        assert!(!renumber_nodes(&mut pdf), "a second pass changes nothing");
    }

    #[test]
    fn file_urls_encode_what_a_url_reserves() {
        assert_eq!(
            file_url(Path::new("/tmp/my site/#1/a.html")),
            "file:///tmp/my%20site/%231/a.html"
        );
        assert_eq!(
            file_url(Path::new("C:\\sites\\x.html")),
            "file:///C:/sites/x.html"
        );
    }
}
