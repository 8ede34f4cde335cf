//! `tomc lsp`: the language server of [`crate::lsp`] on stdin and stdout.

use std::process::ExitCode;

use crate::lsp::transport;

/// Runs the server until the client says `exit` or closes stdin: 0 after a clean session,
/// 2 when the transport or the handshake failed. A message that cannot be read is answered
/// with an error and the session goes on (see [`transport`]); it does not change the code.
pub fn run() -> ExitCode {
    let (connection, transport) = match transport::stdio() {
        Ok(started) => started,
        Err(e) => {
            eprintln!("error: the language server could not start: {e}");
            return ExitCode::from(2);
        }
    };
    let served = crate::lsp::serve(&connection);
    drop(connection);
    let joined = transport.join();
    match served.and(joined) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the language server stopped: {e}");
            ExitCode::from(2)
        }
    }
}
