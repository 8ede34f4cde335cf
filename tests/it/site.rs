//! `tomc build` and `tomc serve`: the documentation site.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use crate::support::{TOM, copy_dir, files, project, root, tomc, walk, write};

pub(crate) fn build(project: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        project.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    tomc(&args)
}

pub(crate) fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn northwind() -> PathBuf {
    root().join("examples/northwind-bank")
}

pub(crate) fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The values of every `attr="…"` in an HTML text.
fn attributes<'t>(html: &'t str, attr: &str) -> Vec<&'t str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Checks that every link and script source of every page resolves inside the site,
/// anchors included, and that nothing points off the site; at least `min` links.
fn assert_links_resolve(site: &Path, ext: &str, min: usize) {
    let pages: Vec<PathBuf> = walk(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    assert!(!pages.is_empty());
    let mut checked = 0;
    for page in &pages {
        let text = read(page);
        let targets: Vec<String> = if ext == "html" {
            let mut t: Vec<String> = attributes(&text, "href")
                .into_iter()
                .chain(attributes(&text, "src"))
                .chain(attributes(&text, "action"))
                .map(|s| s.replace("&amp;", "&"))
                .collect();
            assert!(
                !text.contains("url(") && !text.contains("@import"),
                "{}: no resource is fetched from CSS",
                page.display()
            );
            t.retain(|h| !h.starts_with("https://example.org") && !h.starts_with("mailto:"));
            t
        } else {
            // Markdown links: [text](target)
            text.match_indices("](")
                .filter_map(|(i, _)| {
                    let rest = &text[i + 2..];
                    rest.find(')').map(|end| rest[..end].to_owned())
                })
                .collect()
        };
        for target in targets {
            assert!(
                !target.starts_with("http:")
                    && !target.starts_with("https:")
                    && !target.starts_with("//"),
                "{}: `{target}` leaves the site",
                page.display()
            );
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = file.split('?').next().unwrap();
            let resolved = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            assert!(
                resolved.is_file(),
                "{}: `{target}` does not resolve",
                page.display()
            );
            if !anchor.is_empty() && ext == "html" {
                assert!(
                    read(&resolved).contains(&format!("id=\"{anchor}\"")),
                    "{}: `{target}` names no anchor there",
                    page.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= min, "only {checked} links checked");
}

#[test]
fn northwind_builds_every_page_and_output() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(&northwind(), &site, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(stderr(&result).contains("wrote "), "{}", stderr(&result));
    for page in [
        "index.html",
        "strategy.html",
        "heatmap.html",
        "journeys.html",
        "kpis.html",
        "roadmap.html",
        "elements.html",
        "search.html",
        "search-index.js",
        "rules.html",
        "findings.json",
        "findings.sarif",
        "gaps.md",
        "gaps.json",
        "manifest/current.yaml",
        "manifest/wave-1.yaml",
        "manifest/target.yaml",
        ".tomc-site",
        "assets/tomc.css",
        "assets/tomc.js",
    ] {
        assert!(site.join(page).is_file(), "{page} is written");
    }
    let elements = std::fs::read_dir(site.join("elements")).unwrap().count();
    assert_eq!(elements, 239, "one page per element");
    let journeys = std::fs::read_dir(site.join("journeys")).unwrap().count();
    assert_eq!(journeys, 8, "one page per journey");
    // A KPI's measured values have a section of their own, with the status of the latest.
    let rating = read(&site.join("elements/kpi-app-rating.html"));
    assert!(
        rating.contains("<h2 id=\"m-h\">Measured values</h2>"),
        "{rating}"
    );
    assert!(rating.contains("against a plan of 3.58 that day: <span class=\"status status-on-track\">on-track</span>"), "{rating}");
    assert!(
        rating.contains("<td>Biometric login released</td>"),
        "{rating}"
    );
    // The manifests are the ones `tomc manifest` writes, but for their header.
    let golden = read(&root().join("tests/golden/manifest/northwind-bank/target.yaml"));
    let built = read(&site.join("manifest/target.yaml"));
    let body = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&built), body(&golden));

    let overview = read(&site.join("index.html"));
    assert!(overview.contains("<h1>Northwind Bank</h1>"));
    assert!(
        overview.contains("retiring-system-in-use"),
        "waivers with reasons"
    );
    assert!(overview.contains("Reconciliation must read the phased-out legacy ledger"));
    assert!(overview.contains("14/14"), "coverage figures");
    assert!(
        overview.contains("<code>cap-cash-services</code>"),
        "findings link their element"
    );
    let heatmap = read(&site.join("heatmap.html"));
    assert!(heatmap.contains("data-id=\"cap-digital-onboarding\""));
    assert!(
        heatmap.contains("data-m-current=\"1\" data-s-current=\"internal\" data-m-wave-1=\"3\" data-s-wave-1=\"internal\" data-m-target=\"4\" data-s-target=\"internal\""),
        "maturity and sourcing per plateau"
    );
    let journey = read(&site.join("journeys/jrn-account-opening-digital.html"));
    for lane in [
        "lane-touchpoints",
        "lane-frontstage",
        "line-of-visibility",
        "lane-backstage",
        "lane-support",
        "lane-systems",
    ] {
        assert!(journey.contains(lane), "blueprint lane {lane}");
    }
    let element = read(&site.join("elements/obj-onboarding-speed.html"));
    assert!(element.contains("realized_by"), "derived links in");
    let search = read(&site.join("search-index.js"));
    assert!(search.starts_with("window.TOMC_SEARCH = [{"));
    assert!(search.contains("\"id\":\"cap-digital-onboarding\""));
    assert_links_resolve(&site, "html", 1000);
}

#[test]
fn two_builds_give_the_same_bytes() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert_eq!(build(&northwind(), &a, &[]).status.code(), Some(0));
    assert_eq!(build(&northwind(), &b, &[]).status.code(), Some(0));
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between two builds");
    }
}

const EVIL: &str = r#"
objectives:
  - id: obj
    name: "<img src=x onerror=alert(1)>"
    description: |
      Before <script>window.__xss = 1</script> after.

      [click me](javascript:alert(3)) and <b onclick="alert(4)">bold</b>.
    tags: ["\"><svg onload=alert(5)>"]
    properties: { note: "</script><script>alert(6)</script>" }
capabilities:
  - { id: cap, name: Cap, realizes: [obj] }
"#;

#[test]
fn text_from_the_spec_is_escaped_everywhere() {
    let dir = project(&[("model/m.yaml", EVIL)]);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(dir.path(), &site, &[]);
    assert!(
        matches!(result.status.code(), Some(0 | 1)),
        "{}",
        stderr(&result)
    );
    for (path, bytes) in files(&site) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for bad in [
            "<img src=x",
            "<script>window",
            "<svg onload",
            "href=\"javascript:",
            "<b onclick",
            "<script>alert",
        ] {
            assert!(!html.contains(bad), "{path} holds `{bad}`");
        }
    }
    let page = read(&site.join("elements/obj.html"));
    assert!(
        page.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the name shows as text"
    );
    assert!(
        page.contains("&lt;script&gt;window.__xss = 1&lt;/script&gt;"),
        "raw HTML shows as text"
    );
    assert!(page.contains("click me"), "the link keeps its text");

    let md_site = out.path().join("md");
    let result = build(dir.path(), &md_site, &["--format", "markdown"]);
    assert!(
        matches!(result.status.code(), Some(0 | 1)),
        "{}",
        stderr(&result)
    );
    let page = read(&md_site.join("elements/obj.md"));
    let unescaped = page.replace("\\<", "");
    assert!(
        !unescaped.contains("<script") && !unescaped.contains("<img"),
        "{page}"
    );
    assert!(page.contains("\\<img src=x onerror=alert(1)\\>"), "{page}");
}

#[test]
fn a_model_with_errors_still_builds_unless_strict() {
    let dir = project(&[(
        "model/m.yaml",
        "capabilities:\n  - { id: cap, name: Cap, parent: cap-missing }\n",
    )]);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let result = build(dir.path(), &site, &["--strict"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("no site written"),
        "{}",
        stderr(&result)
    );
    assert!(!site.exists());

    let result = build(dir.path(), &site, &[]);
    assert_eq!(result.status.code(), Some(1), "errors: exit 1");
    let overview = read(&site.join("index.html"));
    assert!(
        overview.contains("unknown-reference"),
        "errors show on the site"
    );
    assert!(overview.contains("class=\"banner banner-error\""));
    assert!(
        !site.join("manifest").exists(),
        "no manifest of an unreadable model"
    );
    assert!(site.join("elements/cap.html").is_file());
}

#[test]
fn a_project_without_plateaus_builds_its_element_pages() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", "tom: 1\nname: No plateaus\n");
    write(
        dir.path(),
        "model/m.yaml",
        "capabilities:\n  - { id: cap, name: Cap }\njourneys:\n  - { id: j, name: J, persona: p }\npersonas:\n  - { id: p, name: P }\n",
    );
    let out = tempfile::tempdir().unwrap();
    for format in ["html", "markdown"] {
        let site = out.path().join(format);
        let result = build(dir.path(), &site, &["--format", format]);
        assert_eq!(
            result.status.code(),
            Some(1),
            "{format}: {}",
            stderr(&result)
        );
        assert!(
            stderr(&result).contains("has no `plateaus`"),
            "{}",
            stderr(&result)
        );
    }
    assert!(out.path().join("html/elements/cap.html").is_file());
    assert_links_resolve(&out.path().join("html"), "html", 100);
    assert_links_resolve(&out.path().join("markdown"), "md", 10);
}

#[test]
fn the_site_directory_is_replaced_only_when_tomc_wrote_it() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let minimal = root().join("examples/minimal");
    assert_eq!(build(&minimal, &site, &[]).status.code(), Some(0));
    std::fs::write(site.join("stale.html"), "old").unwrap();
    assert_eq!(build(&minimal, &site, &[]).status.code(), Some(0));
    assert!(
        !site.join("stale.html").exists(),
        "the site is replaced whole"
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["site"], "no staging directory is left behind");

    // A directory of someone else's files is refused and left as it is.
    let foreign = out.path().join("docs");
    write(&foreign, "index.md", "mine");
    let result = build(&minimal, &foreign, &[]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("was not written by tomc build"),
        "{}",
        stderr(&result)
    );
    assert_eq!(read(&foreign.join("index.md")), "mine");
    // An empty directory is fine; a file is not.
    let empty = out.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(build(&minimal, &empty, &[]).status.code(), Some(0));
    let file = out.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let result = build(&minimal, &file, &[]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(read(&file), "x");
}

/// The entries of `dir`, by name.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Builds the minimal example, then again with the template `name` overridden by
/// `text`: the second build fails with exit code 2, its error says `place`, and the
/// first site is left whole, with no staging directory beside it.
fn broken_template_keeps_the_site(name: &str, text: &str, place: &str) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("tom");
    copy_dir(&root().join("examples/minimal"), &project);
    let site = dir.path().join("site");
    assert_eq!(build(&project, &site, &[]).status.code(), Some(0));
    let before = files(&site);

    write(&project, &format!("templates/{name}"), text);
    let result = build(&project, &site, &[]);
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    assert!(err.contains(place), "{err}");
    assert_eq!(files(&site), before, "the last good site is intact");
    assert_eq!(
        entries(dir.path()),
        ["site", "tom"],
        "no staging directory is left"
    );
}

#[test]
fn a_failed_build_leaves_the_last_good_site() {
    // A template with a syntax error on line 3: the error names the file and line.
    broken_template_keeps_the_site(
        "index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{% if %}</p>\n{% endblock content %}\n",
        "templates/index.html:3:",
    );
}

#[test]
fn a_page_that_fails_midway_leaves_the_last_good_site() {
    // The overview and the other pages are written; then the element pages cannot render.
    broken_template_keeps_the_site(
        "element.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.missing.field }}{% endblock content %}\n",
        "element.html",
    );
}

/// A file that cannot be written once some are (here, any over 32 KiB: the largest
/// pages of Northwind) fails the build with its path, and the old site stays.
#[cfg(unix)]
#[test]
fn a_write_failure_midway_leaves_the_last_good_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert_eq!(build(&northwind(), &site, &[]).status.code(), Some(0));
    let before = files(&site);

    // A file size limit (with its signal ignored) makes a write fail with EFBIG.
    let result = std::process::Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_tomc"))
        .args([
            "build",
            northwind().to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
        ])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let err = stderr(&result);
    assert_eq!(result.status.code(), Some(2), "{err}");
    assert!(err.contains("cannot write the site to `"), "{err}");
    assert!(
        err.contains(".site.tomc-new-"),
        "the failed file is named: {err}"
    );
    assert_eq!(files(&site), before, "the last good site is intact");
    assert_eq!(
        entries(dir.path()),
        ["site"],
        "no staging directory is left"
    );
}

#[test]
fn project_templates_and_css_override_the_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("tom");
    copy_dir(&root().join("examples/minimal"), &project);
    write(
        &project,
        "templates/extra.css",
        ".brand { color: rebeccapurple; }\n",
    );
    write(
        &project,
        "templates/rules.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>Our rules</h1>{% endblock content %}\n",
    );
    let theme = dir.path().join("theme");
    write(
        &theme,
        "kpis.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>Scorecard of {{ site.project.name }}</h1>{% endblock content %}\n",
    );
    let site = dir.path().join("site");
    let result = build(&project, &site, &["--templates", theme.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(read(&site.join("assets/tomc.css")).contains("rebeccapurple"));
    assert!(read(&site.join("rules.html")).contains("<h1>Our rules</h1>"));
    assert!(read(&site.join("kpis.html")).contains("<h1>Scorecard of "));
    assert!(
        read(&site.join("heatmap.html")).contains("plateau-switcher"),
        "the rest is built in"
    );

    let result = build(&project, &site, &["--templates", "/no/such/theme"]);
    assert_eq!(result.status.code(), Some(2));
}

/// The element pages of a site, by file name.
fn element_pages(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files(&site.join("elements"))
}

#[test]
fn element_pages_are_the_bytes_tera_renders_from_the_built_in_templates() {
    // Element pages are written in Rust unless a project overrides `element.html` or
    // `base.html`. A theme holding the built-in `element.html` unchanged makes tera
    // render them: the two must agree to the byte, on hostile text, on a model with
    // errors, and on every section an element page can have.
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    write(
        &theme,
        "element.html",
        read(&root().join("templates/site/element.html")),
    );
    let broken = project(&[(
        "model/caps.yaml",
        "capabilities:\n  - id: cap-a\n    name: A & <b>\n    parent: cap-missing\n    properties: { tier: \"1\" }\n  - id: cap-b\n    name: B\n    description: \"\"\n",
    )]);
    let mut seen = String::new();
    for (name, model) in [
        ("northwind", northwind()),
        ("xss", root().join("tests/fixtures/xss")),
        ("broken", broken.path().to_path_buf()),
    ] {
        let (rust, tera) = (
            dir.path().join(name),
            dir.path().join(format!("{name}-tera")),
        );
        for (site, extra) in [
            (&rust, vec![]),
            (&tera, vec!["--templates", theme.to_str().unwrap()]),
        ] {
            let result = build(&model, site, &extra);
            assert!(
                result.status.code().is_some_and(|c| c <= 1),
                "{name}: {}",
                stderr(&result)
            );
        }
        let (rust, tera) = (element_pages(&rust), element_pages(&tera));
        assert!(rust.len() >= 2, "{name}: {} element pages", rust.len());
        assert_eq!(
            rust.keys().collect::<Vec<_>>(),
            tera.keys().collect::<Vec<_>>(),
            "{name}"
        );
        for (file, bytes) in &rust {
            assert!(
                bytes == &tera[file],
                "{name}/{file} differs from tera's:\n--- rust\n{}\n--- tera\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(&tera[file])
            );
            seen.push_str(&String::from_utf8_lossy(bytes));
        }
    }
    // Every section and branch of the template was compared at least once.
    for part in [
        "class=\"banner banner-error\"",
        "<h2 id=\"f-h\">Findings</h2>",
        "<span class=\"help\">",
        "<code class=\"muted\">model/caps.yaml:",
        "<div class=\"description\">",
        "Journey map and service blueprint",
        "<span class=\"tag\">staged</span>",
        "<span class=\"muted\">—</span>",
        "<span class=\"muted\">none</span>",
        "<h2 id=\"m-h\">Measured values</h2>",
        ", against a plan of ",
        "<h2 id=\"w-h\">Waivers</h2>",
        "<h2 id=\"p-h\">Properties</h2>",
        "No element names this one.",
        "This element names no other element.",
        "No fields besides the name.",
        "&lt;img src=x onerror=alert(1)&gt;",
        "A &amp; &lt;b&gt;",
    ] {
        assert!(seen.contains(part), "no element page has {part:?}");
    }

    // A theme's own base.html frames the element pages too.
    write(
        &theme,
        "base.html",
        read(&root().join("templates/site/base.html"))
            .replace("<main id=\"main\">", "<main id=\"main\" class=\"themed\">"),
    );
    let themed = dir.path().join("themed");
    let result = build(
        &northwind(),
        &themed,
        &["--templates", theme.to_str().unwrap()],
    );
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    for (file, bytes) in element_pages(&themed) {
        assert!(
            String::from_utf8_lossy(&bytes).contains("class=\"themed\""),
            "{file}"
        );
    }
}

#[test]
fn markdown_site_with_mermaid_diagrams() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("md");
    let result = build(&northwind(), &site, &["--format", "markdown"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    for page in [
        "README.md",
        "strategy.md",
        "capabilities.md",
        "journeys.md",
        "kpis.md",
        "roadmap.md",
        "rules.md",
        "gaps.md",
        "findings.sarif",
        "manifest/target.yaml",
    ] {
        assert!(site.join(page).is_file(), "{page}");
    }
    assert!(read(&site.join("strategy.md")).contains("```mermaid\nflowchart TD"));
    assert!(read(&site.join("roadmap.md")).contains("```mermaid\ngantt"));
    let journey = read(&site.join("journeys/jrn-account-opening-digital.md"));
    assert!(journey.contains("```mermaid\njourney\n"), "{journey}");
    assert!(journey.contains("line of visibility"));
    assert_eq!(
        std::fs::read_dir(site.join("elements")).unwrap().count(),
        239
    );
    assert_links_resolve(&site, "md", 1000);
}

/// GET a path from the server: status line and body.
fn get(port: u16, path: &str) -> Option<(String, String)> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    Some((head.lines().next()?.to_owned(), body.to_owned()))
}

/// Polls `check` for up to a minute (the machine may be busy with other tests).
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn serve_rebuilds_on_change_and_shows_errors_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", TOM);
    write(
        dir.path(),
        "model/m.yaml",
        "capabilities:\n  - { id: cap, name: First name }\n",
    );
    let server = crate::site_safety::serve(dir.path());
    let port = server.port;
    let (status, body) = get(port, "/").unwrap();
    assert!(status.contains("200"), "{status}");
    assert!(body.contains("data-live-reload"), "pages reload themselves");
    let (_, page) = get(port, "/elements/cap.html").unwrap();
    assert!(page.contains("First name"));
    let (_, version) = get(port, "/__tomc/version").unwrap();

    write(
        dir.path(),
        "model/m.yaml",
        "capabilities:\n  - { id: cap, name: Second name }\n",
    );
    eventually("a rebuild", || {
        get(port, "/__tomc/version").is_some_and(|(_, v)| v != version)
    });
    assert!(
        get(port, "/elements/cap.html")
            .unwrap()
            .1
            .contains("Second name")
    );

    // A spec error shows in the page; the server keeps serving.
    write(
        dir.path(),
        "model/m.yaml",
        "capabilities:\n  - { id: cap, name: Third, parent: nope }\n",
    );
    eventually("the error in the page", || {
        get(port, "/index.html").is_some_and(|(_, b)| b.contains("unknown-reference"))
    });
    std::fs::remove_file(dir.path().join("tom.yaml")).unwrap();
    eventually("the error page", || {
        get(port, "/index.html")
            .is_some_and(|(_, b)| b.contains("The site cannot be built") && b.contains("tom.yaml"))
    });
    write(dir.path(), "tom.yaml", TOM);
    eventually("recovery", || {
        get(port, "/elements/cap.html").is_some_and(|(_, b)| b.contains("Third"))
    });
    let (status, _) = get(port, "/no/such/page.html").unwrap();
    assert!(status.contains("404"), "{status}");
}

/// Saves `text` as `rel` the way many editors do: into a scratch file beside it, then
/// renamed over it.
fn save_by_rename(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    let scratch = path.with_file_name(format!(
        ".{}.swp",
        path.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&scratch, text).unwrap();
    std::fs::rename(&scratch, &path).unwrap();
}

#[test]
fn serve_renders_an_edited_element_page_anew() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", TOM);
    let model = |words: &str| {
        format!(
            "capabilities:\n  - {{ id: cap-a, name: A }}\n  - {{ id: cap-b, name: B, description: {words} }}\n"
        )
    };
    write(dir.path(), "model/m.yaml", model("Old words."));
    let server = crate::site_safety::serve(dir.path());
    let port = server.port;
    // Rendered once and kept for this version.
    for _ in 0..2 {
        let (status, page) = get(port, "/elements/cap-b.html").unwrap();
        assert!(status.contains("200"), "{status}");
        assert!(page.contains("Old words."), "{page}");
    }
    let (_, version) = get(port, "/__tomc/version").unwrap();

    save_by_rename(dir.path(), "model/m.yaml", &model("New words."));
    eventually("the edited page", || {
        get(port, "/elements/cap-b.html").is_some_and(|(_, b)| b.contains("New words."))
    });
    let (_, now) = get(port, "/__tomc/version").unwrap();
    assert_ne!(now, version, "the pages reload");
    assert!(get(port, "/elements.html").unwrap().1.contains("cap-b"));

    // A folder made while serving is watched: a file written there later is read.
    std::fs::create_dir(dir.path().join("model/more")).unwrap();
    eventually("the folder watched", || {
        get(port, "/__tomc/version").is_some_and(|(_, v)| v != now)
    });
    write(
        dir.path(),
        "model/more/c.yaml",
        "capabilities:\n  - { id: cap-c, name: Third capability }\n",
    );
    eventually("the page of the new file's element", || {
        get(port, "/elements/cap-c.html")
            .is_some_and(|(s, b)| s.contains("200") && b.contains("Third capability"))
    });

    // The project's templates are watched too.
    write(dir.path(), "templates/extra.css", "body { color: teal }");
    eventually("the new stylesheet", || {
        get(port, "/assets/tomc.css").is_some_and(|(_, b)| b.contains("color: teal"))
    });
}

#[test]
fn serve_shows_the_error_page_everywhere_once_a_page_cannot_be_rendered() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "tom.yaml", TOM);
    write(
        dir.path(),
        "model/m.yaml",
        "capabilities:\n  - { id: cap, name: First name }\n",
    );
    // A template that parses but fails on the data it is given.
    write(
        dir.path(),
        "templates/kpis.html",
        "{{ page.no_such_field }}",
    );
    let server = crate::site_safety::serve(dir.path());
    let port = server.port;
    let (status, index) = get(port, "/").unwrap();
    assert!(status.contains("200"), "{status}");
    assert!(!index.contains("The site cannot be built"), "{index}");
    let (_, version) = get(port, "/__tomc/version").unwrap();

    let (_, kpis) = get(port, "/kpis.html").unwrap();
    assert!(kpis.contains("The site cannot be built"), "{kpis}");
    assert!(
        kpis.contains("tomcLiveReload"),
        "the error page reloads itself"
    );
    // From then on every page is the error page, and open pages reload into it.
    let (_, index) = get(port, "/").unwrap();
    assert!(index.contains("The site cannot be built"), "{index}");
    let (_, broken) = get(port, "/__tomc/version").unwrap();
    assert_ne!(broken, version);

    std::fs::remove_file(dir.path().join("templates/kpis.html")).unwrap();
    eventually("recovery", || {
        get(port, "/kpis.html")
            .is_some_and(|(_, b)| !b.contains("The site cannot be built") && b.contains("KPI"))
    });
}

#[test]
fn template_reference_is_fresh() {
    use tomc::emit::site::reference::{END, START, markdown};
    let path = root().join("docs/site.md");
    let doc = read(&path);
    let start = doc.find(START).expect("docs/site.md has the start marker") + START.len();
    let end = doc.find(END).expect("docs/site.md has the end marker");
    let fresh = format!("\n\n{}\n", markdown());
    if doc[start..end] == fresh {
        return;
    }
    if std::env::var_os("TOMC_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, format!("{}{fresh}{}", &doc[..start], &doc[end..])).unwrap();
        return;
    }
    panic!(
        "the template reference in docs/site.md is stale: regenerate it with \
         `TOMC_BLESS=1 cargo test --test it site::template_reference_is_fresh`"
    );
}

/// Runs `tomc templates export DIR` with `extra` arguments.
fn export(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["templates", "export", dir.to_str().unwrap()];
    args.extend(extra);
    tomc(&args)
}

#[test]
fn exported_templates_are_the_built_in_ones() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("theme");
    let result = export(&dir, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let said = String::from_utf8_lossy(&result.stdout).into_owned();
    assert!(said.contains("base.html"), "{said}");
    assert!(said.contains("--templates"), "the next step: {said}");
    let names: Vec<&str> = tomc::emit::site::BUILTIN.iter().map(|(n, _)| *n).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(entries(&dir), sorted, "the templates and nothing else");
    for (name, text) in tomc::emit::site::BUILTIN {
        assert_eq!(read(&dir.join(name)), *text, "{name}");
    }

    // A site built with them is the site built without.
    let (plain, themed) = (out.path().join("plain"), out.path().join("themed"));
    assert_eq!(build(&northwind(), &plain, &[]).status.code(), Some(0));
    let result = build(
        &northwind(),
        &themed,
        &["--templates", dir.to_str().unwrap()],
    );
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(files(&plain) == files(&themed), "the same site");
}

#[test]
fn export_overwrites_nothing_without_force() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("theme");
    write(&dir, "kpis.html", "mine");
    let result = export(&dir, &[]);
    assert_eq!(result.status.code(), Some(2));
    let err = stderr(&result);
    assert!(
        err.starts_with(&format!(
            "error: `{}` already exists",
            dir.join("kpis.html").display()
        )),
        "{err}"
    );
    assert!(err.contains("help: pass --force"), "{err}");
    assert_eq!(entries(&dir), ["kpis.html"], "nothing written");
    assert_eq!(read(&dir.join("kpis.html")), "mine");

    write(&dir, "notes.txt", "keep");
    let result = export(&dir, &["--force"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let builtin = tomc::emit::site::BUILTIN
        .iter()
        .find(|(name, _)| *name == "kpis.html")
        .unwrap()
        .1;
    assert_eq!(read(&dir.join("kpis.html")), builtin, "replaced");
    assert_eq!(read(&dir.join("notes.txt")), "keep", "other files stay");
    assert_eq!(
        entries(&dir).len(),
        tomc::emit::site::BUILTIN.len() + 1,
        "no temporary file is left"
    );
}

/// Each element's page says what depends on it at each plateau: directly, by kind, and
/// the objectives, personas and journeys that do through others, linked.
#[test]
fn element_pages_say_what_depends_on_them_per_plateau() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    assert_eq!(build(&northwind(), &site, &[]).status.code(), Some(0));
    let page = read(&site.join("elements/sys-core-legacy.html"));
    let start = page
        .find("<h2 id=\"dep-h\">What depends on this</h2>")
        .expect(&page);
    let section = &page[start..start + page[start..].find("</section>").unwrap()];
    assert!(
        section.contains("<dt><code>current</code></dt><dd>Directly: 8 processes, 3 information objects.<br>Objectives (12): "),
        "{section}"
    );
    assert!(
        section.contains("<br>Personas (5): <a href=\"../elements/per-branch-loyal.html\">Margaret, branch-loyal retiree</a>, "),
        "{section}"
    );
    // Retired at the target: nothing uses it there.
    assert!(
        section.contains("<dt><code>target</code></dt><dd>Nothing depends on it here.</dd>"),
        "{section}"
    );
    // Past twelve of a kind, the page links the first twelve and counts the rest: the
    // head office's processes serve 13 of Northwind's objectives at current.
    let leeds = read(&site.join("elements/loc-hq-leeds.html"));
    let current = &leeds[leeds.find("<dt><code>current</code></dt>").unwrap()..];
    let current = &current[..current.find("</dd>").unwrap()];
    assert!(current.contains("<br>Objectives (13): "), "{current}");
    assert_eq!(
        current.matches("href=\"../elements/obj-").count(),
        12,
        "{current}"
    );
    assert!(current.contains("</a> and 1 more<br>"), "{current}");
    // The same in the Markdown site.
    let md_site = dir.path().join("md");
    assert_eq!(
        build(&northwind(), &md_site, &["--format", "markdown"])
            .status
            .code(),
        Some(0)
    );
    let md = read(&md_site.join("elements/sys-core-legacy.md"));
    assert!(md.contains("## What depends on this"), "{md}");
    assert!(
        md.contains("| `target` | Nothing depends on it here. |"),
        "{md}"
    );
}
