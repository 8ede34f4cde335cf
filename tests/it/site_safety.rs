//! The site and its server are safe to run in CI and on a laptop: nothing a spec or a
//! template says reaches outside the project, the pages run only their own script, and
//! the Markdown tomc writes for pull requests mentions nobody.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::site::{build, read, stderr};
use crate::support::{copy_dir, root, tomc, write};

/// A copy of the minimal example in `dir/name`, with each `(from, to)` replaced once.
fn minimal(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let project = dir.join(name);
    copy_dir(&root().join("examples/minimal"), &project);
    let file = project.join("tom.yaml");
    let mut text = read(&file);
    for (from, to) in edits {
        assert!(text.contains(from), "the example holds {from}");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(&file, text).unwrap();
    project
}

#[test]
fn protocol_relative_links_in_descriptions_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let project = minimal(
        dir.path(),
        "p",
        &[(
            "description: New customers can apply, be verified and start banking the same day.",
            "description: \"See [l](//evil.example/x), [m](/\\\\evil.example/y) and [ok](https://example.org/z).\"",
        )],
    );
    let site = dir.path().join("site");
    let out = build(&project, &site, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = read(&site.join("elements/faster-onboarding.html"));
    assert!(
        page.contains("<a href=\"https://example.org/z\">ok</a>"),
        "{page}"
    );
    assert!(!page.contains("evil.example"), "{page}");
    assert!(page.contains("See l, m and"), "the text stays: {page}");
}

#[test]
fn markdown_diagrams_escape_names() {
    let dir = tempfile::tempdir().unwrap();
    let project = minimal(
        dir.path(),
        "p",
        &[
            (
                "name: Open an account\n    persona",
                "name: Open <b>an</b> account\n    persona",
            ),
            (
                // The stage as the target state has it: the diagram draws that one.
                "name: Apply online, identity checked in the app",
                "name: Apply <img src=x onerror=alert(1)>",
            ),
            (
                "name: Online application form",
                "name: Form <script>x</script>",
            ),
            (
                "{ id: target, name: Target state,",
                "{ id: target, name: 'Target \"]; click p1 call alert(1); x[\"',",
            ),
        ],
    );
    let site = dir.path().join("site");
    let out = build(&project, &site, &["--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let journey = read(&site.join("journeys/open-account.md"));
    let diagram = journey
        .split("```mermaid")
        .skip(1)
        .last()
        .and_then(|d| d.split("```").next())
        .unwrap_or_else(|| panic!("a journey diagram: {journey}"));
    // The last diagram is the journey at the target.
    assert!(
        !diagram.contains('<') && !diagram.contains('>'),
        "{diagram}"
    );
    assert!(
        diagram.contains("title Open #lt;b#gt;an#lt;/b#gt; account"),
        "{diagram}"
    );
    assert!(diagram.contains("section Apply #lt;img"), "{diagram}");
    assert!(
        diagram.contains("Form #lt;script#gt;x#lt;/script#gt;"),
        "{diagram}"
    );
    let roadmap = read(&site.join("roadmap.md"));
    let section = roadmap
        .lines()
        .find(|l| l.trim_start().starts_with("section Landing in"))
        .unwrap_or_else(|| panic!("a Gantt section: {roadmap}"));
    assert_eq!(
        section.trim(),
        "section Landing in Target #quot;]  click p1 call alert(1)  x[#quot;",
        "{roadmap}"
    );
}

#[test]
fn windows_device_names_get_safe_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let project = minimal(
        dir.path(),
        "p",
        &[
            ("- id: onboarding", "- id: con"),
            (
                "[onboarding, customer-service]\n    objectives",
                "[con, customer-service]\n    objectives",
            ),
            (
                "capabilities: [onboarding]\n    processes",
                "capabilities: [con]\n    processes",
            ),
            (
                "capabilities: [onboarding, customer-service]",
                "capabilities: [con, customer-service]",
            ),
            ("- id: customer-service", "- id: lpt1.x"),
            (
                "[con, customer-service]\n    objectives",
                "[con, lpt1.x]\n    objectives",
            ),
            ("capabilities: [customer-service]", "capabilities: [lpt1.x]"),
            (
                "capabilities: [con, customer-service]",
                "capabilities: [con, lpt1.x]",
            ),
            ("- id: open-account", "- id: nul"),
        ],
    );
    // The target plateau becomes `aux`.
    let file = project.join("tom.yaml");
    std::fs::write(&file, read(&file).replace("target", "aux")).unwrap();
    for format in ["html", "markdown"] {
        let site = dir.path().join(format);
        let out = build(&project, &site, &["--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let ext = if format == "html" { "html" } else { "md" };
        for name in [
            format!("elements/con~.{ext}"),
            format!("elements/lpt1~.x.{ext}"),
            format!("elements/nul~.{ext}"),
            format!("journeys/nul~.{ext}"),
            "manifest/aux~.yaml".to_owned(),
        ] {
            assert!(site.join(&name).is_file(), "{format}: {name}");
        }
        for (file, _) in crate::support::files(&site) {
            let stem = Path::new(&file)
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.split('.').next())
                .unwrap()
                .to_ascii_lowercase();
            assert!(
                !["con", "nul", "aux", "prn", "lpt1"].contains(&stem.as_str()),
                "{format}: {file}"
            );
        }
        let links = read(&site.join(format!("elements/digital-onboarding.{ext}")));
        assert!(links.contains("con~."), "{links}");
        assert!(
            !links.contains("elements/con.") && !links.contains("\"con.html"),
            "{links}"
        );
    }
}

#[test]
fn template_links_out_of_the_project_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "the secret").unwrap();
    let project = minimal(dir.path(), "p", &[]);
    std::fs::create_dir(project.join("templates")).unwrap();
    std::os::unix::fs::symlink(&secret, project.join("templates/index.html")).unwrap();
    let site = dir.path().join("site");
    let out = build(&project, &site, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("index.html"), "{err}");
    assert!(
        err.contains("a link to") && err.contains("secret.txt"),
        "{err}"
    );
    assert!(!site.exists(), "nothing is written");
    // tomc serve shows the error, not the file.
    let server = serve(&project);
    let answer = raw(server.port, b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert!(answer.contains("The site cannot be built"), "{answer}");
    assert!(!answer.contains("the secret"), "{answer}");
    drop(server);

    // The same through --templates: a link out of that directory is refused too.
    std::fs::remove_dir_all(project.join("templates")).unwrap();
    let extra = dir.path().join("extra");
    std::fs::create_dir(&extra).unwrap();
    std::os::unix::fs::symlink(&secret, extra.join("style.css")).unwrap();
    let out = build(&project, &site, &["--templates", extra.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("style.css"), "{}", stderr(&out));

    // A link that stays inside the project is read.
    std::fs::remove_file(extra.join("style.css")).unwrap();
    write(&project, "brand/extra.css", "body { color: teal }");
    std::fs::create_dir(project.join("templates")).unwrap();
    std::os::unix::fs::symlink(
        project.join("brand/extra.css"),
        project.join("templates/extra.css"),
    )
    .unwrap();
    let out = build(&project, &site, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(read(&site.join("assets/tomc.css")).contains("color: teal"));
}

#[test]
fn templates_that_are_not_regular_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = minimal(dir.path(), "p", &[]);
    std::fs::create_dir_all(project.join("templates/index.html")).unwrap();
    let site = dir.path().join("site");
    let out = build(&project, &site, &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("index.html") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn pull_request_markdown_mentions_nobody() {
    let dir = tempfile::tempdir().unwrap();
    let old = minimal(dir.path(), "old", &[]);
    let new = minimal(
        dir.path(),
        "new",
        &[
            (
                "name: Customer Onboarding",
                "name: Onboarding @octocat and @org/team",
            ),
            (
                "name: Core banking system",
                "name: Core (ask ops@example.org)",
            ),
            (
                "maturity: { current: 1, target: 3 }",
                "maturity: { current: 1, target: 4 }",
            ),
        ],
    );
    let out = tomc(&[
        "diff",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
        "--format",
        "md",
    ]);
    let md = String::from_utf8(out.stdout).unwrap();
    // Code spans mention nobody; the text around them must not either.
    let text = outside_code(&md);
    assert!(
        text.contains("Onboarding @\u{200b}octocat and @\u{200b}org/team"),
        "{md}"
    );
    assert!(!text.contains("@octocat") && !text.contains("@org"), "{md}");
    assert!(
        text.contains("Core (ask ops@example.org)"),
        "e-mail stays: {md}"
    );

    let out = tomc(&["gaps", new.to_str().unwrap(), "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    let text = outside_code(&md);
    assert!(text.contains("Onboarding @\u{200b}octocat"), "{md}");
    assert!(!text.contains("@octocat"), "{md}");
}

/// Markdown without its code spans (`x`).
fn outside_code(md: &str) -> String {
    md.lines()
        .flat_map(|line| line.split('`').step_by(2).chain(["\n"]))
        .collect()
}

/// A running `tomc serve`, stopped when dropped.
pub(crate) struct Served {
    child: std::process::Child,
    /// The port it listens on.
    pub(crate) port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `tomc serve` for `project` on a free port and waits until it listens.
pub(crate) fn serve(project: &Path) -> Served {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tomc"))
        .args(["serve", project.to_str().unwrap(), "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    // The server says where it listens; any free port will do.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let _ = tx.send(port.parse::<u16>().unwrap_or(0));
            }
        }
    });
    let mut served = Served { child, port: 0 };
    served.port = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server starts");
    assert_ne!(served.port, 0);
    served
}

/// Sends `request` as it is to the server and reads the whole answer (the server closes
/// the connection after one answer; a minute at most).
fn raw(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut answer = Vec::new();
    stream
        .read_to_end(&mut answer)
        .unwrap_or_else(|e| panic!("an answer and the end of it: {e}"));
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> &str {
    answer.lines().next().unwrap_or_default()
}

#[test]
fn serve_answers_only_get_and_head_for_local_hosts() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&minimal(dir.path(), "p", &[]));
    let port = server.port;
    let get = |host: &str| {
        let host = host.replace("PORT", &port.to_string());
        raw(port, format!("GET / HTTP/1.1\r\n{host}\r\n").as_bytes())
    };
    for host in [
        "Host: 127.0.0.1:PORT\r\n",
        "Host: localhost:PORT\r\n",
        "host: LOCALHOST\r\n",
        "Host: [::1]:PORT\r\n",
        "Host: 127.0.0.1\r\n",
    ] {
        let answer = get(host);
        assert_eq!(status(&answer), "HTTP/1.1 200 OK", "{host}");
        assert!(answer.contains("Minimal bank"), "{host}");
    }
    // DNS rebinding: another name that resolves here, another port, or no host at all.
    for host in [
        "Host: evil.example\r\n",
        "Host: evil.example:PORT\r\n",
        "Host: 127.0.0.1.evil.example:PORT\r\n",
        "Host: localhost:1\r\n",
        "",
    ] {
        let answer = get(host);
        assert_eq!(
            status(&answer),
            "HTTP/1.1 421 Misdirected Request",
            "{host}"
        );
        assert!(!answer.contains("Minimal bank"), "{host}: {answer}");
    }
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let answer = raw(
            port,
            format!("{method} / HTTP/1.1\r\n{host}Content-Length: 0\r\n\r\n").as_bytes(),
        );
        assert_eq!(
            status(&answer),
            "HTTP/1.1 405 Method Not Allowed",
            "{method}"
        );
        assert!(answer.contains("\r\nAllow: GET, HEAD\r\n"), "{answer}");
    }
    let answer = raw(port, format!("HEAD / HTTP/1.1\r\n{host}\r\n").as_bytes());
    assert_eq!(status(&answer), "HTTP/1.1 200 OK");
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(body.is_empty(), "{body}");
    assert!(!head.contains("Content-Length: 0\r\n"), "{head}");
    // Two hosts, or no HTTP request at all.
    let answer = get("Host: 127.0.0.1:PORT\r\nHost: evil.example\r\n");
    assert_eq!(status(&answer), "HTTP/1.1 400 Bad Request");
    let answer = raw(port, b"NONSENSE\r\n\r\n");
    assert_eq!(status(&answer), "HTTP/1.1 400 Bad Request");
}

#[test]
fn serve_bounds_request_heads_and_silent_connections() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&minimal(dir.path(), "p", &[]));
    let port = server.port;
    // A header longer than the bound, never ended: refused once the bound is read.
    let mut request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
    request.resize(20 * 1024, b'a');
    let answer = raw(port, &request);
    assert_eq!(
        status(&answer),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    // A connection that starts a request and goes silent is closed without an answer.
    let answer = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    assert_eq!(answer, "");
    let answer = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(status(&answer), "HTTP/1.1 200 OK", "still serving");
}

/// The threads of a process.
fn threads(pid: u32) -> usize {
    let status = read(Path::new(&format!("/proc/{pid}/status")));
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

#[test]
fn serve_bounds_its_threads() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&minimal(dir.path(), "p", &[]));
    let port = server.port;
    // A hundred silent connections: the ones beyond the bound are told the server is busy.
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let mut most = 0;
    for _ in 0..20 {
        most = most.max(threads(server.child.id()));
        std::thread::sleep(Duration::from_millis(20));
    }
    // 32 connections, the main thread, the one that watches the files and the one that
    // holds the site.
    assert!(most <= 35, "{most} threads");
    let mut last = idle.last().unwrap();
    last.set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut answer = String::new();
    last.read_to_string(&mut answer).unwrap();
    assert_eq!(status(&answer), "HTTP/1.1 503 Service Unavailable");
    drop(idle);
    let answer = raw(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(status(&answer), "HTTP/1.1 200 OK", "serving again");
}

#[test]
fn builds_remove_what_interrupted_builds_left_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let project = minimal(dir.path(), "p", &[]);
    let out = dir.path().join("site");
    // No process has this id (above any pid_max): the build that made these is gone.
    let dead = 999_999_999;
    let live = std::process::id();
    let left = [
        (format!(".site.tomc-new-{dead}-a1b2c3"), true, false),
        (format!(".site.tomc-old-{dead}-d4e5f6"), true, false),
        // Not marked by tomc, a build that still runs, another site's, or no process id:
        // kept.
        (format!(".site.tomc-new-{dead}-unmarked"), false, true),
        (format!(".site.tomc-new-{live}-running"), true, true),
        (format!(".other.tomc-old-{dead}-x"), true, true),
        (".site.tomc-old-abcdef".to_owned(), true, true),
    ];
    for (name, marked, _) in &left {
        write(&dir.path().join(name), "index.html", "old pages");
        if *marked {
            write(&dir.path().join(name), ".tomc-site", "");
        }
    }
    // A link named like a leftover is not followed.
    let elsewhere = dir.path().join("elsewhere");
    write(&elsewhere, ".tomc-site", "");
    std::os::unix::fs::symlink(
        &elsewhere,
        dir.path().join(format!(".site.tomc-old-{dead}-l")),
    )
    .unwrap();

    let built = build(&project, &out, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    for (name, _, kept) in &left {
        assert_eq!(dir.path().join(name).exists(), *kept, "{name}");
    }
    assert!(elsewhere.join(".tomc-site").exists());
    // A second build over the first leaves nothing beside the site.
    let built = build(&project, &out, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.") && !n.contains(&format!("-{dead}-")))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            format!(".site.tomc-new-{live}-running"),
            ".site.tomc-old-abcdef".to_owned()
        ]
    );
}

#[test]
fn the_site_exists_while_it_is_rebuilt() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = tempfile::tempdir().unwrap();
    let project = minimal(dir.path(), "p", &[]);
    let out = dir.path().join("site");
    let built = build(&project, &out, &[]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let reader = {
        let done = done.clone();
        let index = out.join("index.html");
        std::thread::spawn(move || {
            let (mut seen, mut missing) = (0u64, 0u64);
            while !done.load(Ordering::Relaxed) {
                match std::fs::metadata(&index) {
                    Ok(_) => seen += 1,
                    Err(_) => missing += 1,
                }
            }
            (seen, missing)
        })
    };
    for _ in 0..10 {
        let built = build(&project, &out, &[]);
        assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    }
    done.store(true, Ordering::Relaxed);
    let (seen, missing) = reader.join().unwrap();
    assert!(seen > 0);
    assert_eq!(
        missing,
        0,
        "index.html was missing {missing} times of {}",
        seen + missing
    );
}

/// The tags of an HTML text (text never holds a bare `<`: it is escaped).
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or(rest))
}

#[test]
fn pages_run_only_the_site_own_script_and_styles() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for project in [
        root().join("examples/northwind-bank"),
        root().join("tests/fixtures/xss"),
    ] {
        let site = dir.path().join(project.file_name().unwrap());
        let built = build(&project, &site, &[]);
        assert!(built.status.code().unwrap() < 2, "{}", stderr(&built));
        for (file, bytes) in crate::support::files(&site) {
            if !file.ends_with(".html") {
                continue;
            }
            let page = String::from_utf8(bytes).unwrap();
            assert!(
                page.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self';"),
                "{file}"
            );
            for tag in tags(&page) {
                let lower = tag.to_ascii_lowercase();
                assert!(!lower.starts_with("style"), "{file}: <{tag}>");
                assert!(!lower.contains(" style="), "{file}: <{tag}>");
                if lower.starts_with("script") {
                    assert!(lower.contains(" src=\""), "{file}: inline <{tag}>");
                }
            }
            assert!(!page.contains("<script>"), "{file}");
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} pages");
}

#[test]
fn invalid_ids_name_files_inside_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    write(
        &project,
        "tom.yaml",
        format!(
            "{}capabilities:\n  - {{ id: \"../../evil\", name: E }}\n  - {{ id: \"CON\", name: F }}\n  - {{ id: \"a\\\\b\", name: G }}\n",
            crate::support::TOM
        ),
    );
    for format in ["html", "markdown"] {
        let site = dir.path().join("out").join(format);
        let built = build(&project, &site, &["--format", format]);
        assert_eq!(built.status.code(), Some(1), "{}", stderr(&built));
        let ext = if format == "html" { "html" } else { "md" };
        for name in ["~2e~2e~2f~2e~2e~2fevil", "~43~4f~4e", "a~5cb"] {
            let file = site.join(format!("elements/{name}.{ext}"));
            assert!(file.is_file(), "{}", file.display());
        }
    }
    let index = read(&dir.path().join("out/html/elements.html"));
    assert!(
        index.contains("elements/~2e~2e~2f~2e~2e~2fevil.html"),
        "{index}"
    );
    let everything: Vec<_> = crate::support::walk(dir.path());
    assert!(
        everything
            .iter()
            .all(|p| !p.to_string_lossy().contains("evil")
                || p.starts_with(dir.path().join("out/html/elements"))
                || p.starts_with(dir.path().join("out/markdown/elements"))),
        "{everything:?}"
    );
}
