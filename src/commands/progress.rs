//! What a long command is doing, shown on the terminal while it works.
//!
//! Work that ends within a second shows nothing: the display appears only once a
//! second has passed, and is cleared when the work ends, so that a command's output
//! reads the same with and without it. It is drawn on standard error, and only when
//! standard error is a terminal: never into a pipe, a file or a CI log. `--quiet`
//! (any subcommand) turns it off.

use std::borrow::Cow;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Set once, from `--quiet`, before any command runs.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Turns the progress display off for this process (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// How long work runs before its progress is shown.
const DELAY: Duration = Duration::from_secs(1);

/// [`DELAY`], or the milliseconds in `TOMC_PROGRESS_DELAY_MS` (for tests, which
/// cannot wait for work that takes a second).
fn delay() -> Duration {
    std::env::var("TOMC_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// How often the spinner turns and the elapsed time is redrawn.
const TICK: Duration = Duration::from_millis(120);

/// The progress of one command: a stage (what it is doing) and, where the stage counts
/// something, how far it is.
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
    /// Dropped when the work ends, which wakes the thread waiting to show the bar.
    ended: Option<mpsc::Sender<()>>,
    /// The thread that shows the bar once the delay has passed.
    shower: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts with the stage `message`; shown after a second if standard error is a
    /// terminal, unless `--quiet` or a CI runner (`CI` set) or `TERM=dumb` says not to.
    pub fn start(message: impl Into<Cow<'static, str>>) -> Self {
        let bar = ProgressBar::hidden();
        bar.set_style(style(Count::None));
        bar.set_message(message);
        if !shown() {
            return Self {
                bar,
                ended: None,
                shower: None,
            };
        }
        let delay = delay();
        if delay.is_zero() {
            show(&bar);
            return Self {
                bar,
                ended: None,
                shower: None,
            };
        }
        let (ended, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::Builder::new()
            .name("tomc-progress".into())
            .spawn(move || {
                if wait.recv_timeout(delay) == Err(mpsc::RecvTimeoutError::Timeout) {
                    show(&shown);
                }
            })
            .ok();
        Self {
            bar,
            ended: Some(ended),
            shower,
        }
    }

    /// Starts with reading and checking the project at `path`, the first stage of
    /// most commands.
    pub fn reading(path: &std::path::Path) -> Self {
        Self::start(format!("reading and checking `{}`", path.display()))
    }

    /// A new stage that counts nothing.
    pub fn stage(&self, message: impl Into<Cow<'static, str>>) {
        self.restart(message, Count::None);
    }

    /// A new stage that counts its `unit`s as they are done, `of` them in all when
    /// known.
    pub fn counting(
        &self,
        message: impl Into<Cow<'static, str>>,
        unit: &'static str,
        of: Option<u64>,
    ) {
        if let Some(len) = of {
            self.bar.set_length(len);
        } else {
            self.bar.unset_length();
        }
        self.restart(message, Count::Of(unit, of.is_some()));
    }

    fn restart(&self, message: impl Into<Cow<'static, str>>, count: Count) {
        self.bar.set_style(style(count));
        self.bar.set_position(0);
        self.bar.set_message(message);
        // Every stage is drawn, however short: updates between draws are skipped.
        self.bar.force_draw();
    }

    /// What the stage counts, for the threads that do the work.
    pub fn counter(&self) -> Counter {
        Counter(self.bar.clone())
    }

    /// Runs `print` with the display cleared, so that text written to standard error
    /// meanwhile is not drawn over.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        self.bar.suspend(print)
    }

    /// Ends the display, then prints the error that stopped the command (see
    /// [`super::fail`]).
    pub fn fail(self, err: impl miette::Diagnostic + Send + Sync + 'static) -> ExitCode {
        self.finish();
        super::fail(err)
    }

    /// Ends the display and clears it.
    pub fn finish(mut self) {
        self.end();
    }

    fn end(&mut self) {
        // The waiting thread wakes and shows nothing; if it is showing the bar now, the
        // bar is cleared after it has.
        self.ended.take();
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.end();
    }
}

/// Draws `bar` on standard error from now on, the current stage at once.
fn show(bar: &ProgressBar) {
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.force_draw();
    bar.enable_steady_tick(TICK);
}

/// Counts done units of the current stage, from any thread.
#[derive(Debug, Clone)]
pub struct Counter(ProgressBar);

impl Counter {
    /// One more unit done.
    pub fn tick(&self) {
        self.0.inc(1);
    }
}

/// What a stage counts.
#[derive(Debug, Clone, Copy)]
enum Count {
    None,
    /// Units of this name, with the total known or not.
    Of(&'static str, bool),
}

fn style(count: Count) -> ProgressStyle {
    let template = match count {
        Count::None => "{spinner} {msg} ({elapsed})".to_owned(),
        Count::Of(unit, false) => {
            format!("{{spinner}} {{msg}}: {{human_pos}} {unit} ({{elapsed}})")
        }
        Count::Of(unit, true) => format!(
            "{{spinner}} {{msg}} [{{bar:24}}] {{human_pos}} of {{human_len}} {unit} ({{elapsed}})"
        ),
    };
    ProgressStyle::with_template(&template)
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
        .progress_chars("=> ")
}

/// Whether progress may be drawn in this process.
fn shown() -> bool {
    !QUIET.load(Ordering::Relaxed)
        && std::io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}
