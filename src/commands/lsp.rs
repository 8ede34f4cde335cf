//! `tomc lsp`: the language server of [`crate::lsp`] on stdin and stdout.

use std::process::ExitCode;

use lsp_server::Connection;

/// Runs the server until the client says `exit`: 0 after a clean session, 2 when the
/// transport or the handshake failed.
pub fn run() -> ExitCode {
    let (connection, io) = Connection::stdio();
    let served = crate::lsp::serve(&connection);
    drop(connection);
    let joined = io.join().map_err(|e| e.to_string());
    match served.and(joined) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the language server stopped: {e}");
            ExitCode::from(2)
        }
    }
}
