// The tomc extension for VS Code: a thin client that starts `tomc lsp --stdio` for the
// YAML files of the workspace and forwards everything to it. Diagnostics, hover, go to
// definition, references, symbols, completion, rename and quick fixes are all the
// server's; this file only starts, stops and restarts it.

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

/** The running client, if the server started. */
let client: LanguageClient | undefined;

/** One output channel for the extension's whole life, so a restart does not add another. */
let output: vscode.LogOutputChannel | undefined;

/** The last start, stop or restart asked for; each waits for the one before it. */
let queue: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('tomc', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('tomc.restart', restart),
    // A new `tomc.path` takes effect at once.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tomc.path')) {
        void restart();
      }
    }),
  );
  await enqueue(start);
}

export async function deactivate(): Promise<void> {
  await enqueue(stop);
}

/** Stops the server if it runs, then starts it again with the current settings. */
function restart(): Promise<void> {
  return enqueue(async () => {
    await stop();
    await start();
  });
}

/**
 * Runs `step` once every step asked for before it has finished, so that two quick
 * restarts (a setting changed twice) cannot leave two servers running.
 */
function enqueue(step: () => Promise<void>): Promise<void> {
  queue = queue.then(step, step);
  return queue;
}

async function start(): Promise<void> {
  const command = executable();
  // Run `tomc --version` first: a missing or broken executable then gets one clear
  // message naming the setting, instead of the client's generic failure.
  const problem = await cannotRun(command);
  if (problem !== undefined) {
    const open = 'Open Settings';
    // Not awaited: the notification may stay open for long, and a restart asked for
    // meanwhile (a corrected `tomc.path`) must not wait for it.
    void vscode.window
      .showErrorMessage(
        `tomc: cannot start the language server with \`${command}\`: ${problem}. ` +
          'Install tomc (`cargo install --path .` in a clone of tomc) or set `tomc.path` ' +
          'to the tomc executable, then run "tomc: Restart Language Server".',
        open,
      )
      .then((choice) =>
        choice === open
          ? vscode.commands.executeCommand('workbench.action.openSettings', 'tomc.path')
          : undefined,
      );
    return;
  }

  // TransportKind.stdio appends `--stdio`, so the server runs as `tomc lsp --stdio`.
  const serverOptions: ServerOptions = {
    command,
    args: ['lsp'],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    // tom.yaml and the model files: every YAML file on disk. The server finds the
    // project of each file (the nearest tom.yaml at or above it) and leaves alone the
    // YAML files that belong to no project.
    documentSelector: [{ scheme: 'file', language: 'yaml' }],
    outputChannel: output,
  };
  try {
    const started = new LanguageClient('tomc', 'tomc', serverOptions, clientOptions);
    await started.start();
    client = started;
  } catch (error) {
    // The client has already reported the failure; the output channel keeps it too.
    output?.error(`tomc lsp did not start: ${String(error)}`);
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    try {
      await running.dispose();
    } catch (error) {
      // A server that has already exited cannot be stopped again; nothing is lost.
      output?.warn(`tomc lsp did not stop cleanly: ${String(error)}`);
    }
  }
}

/**
 * The `tomc` to run, from the `tomc.path` setting: a command name is looked up on PATH,
 * `~/` is the home directory, and a relative path with a directory in it
 * (`./target/release/tomc`) is taken from the first workspace folder.
 */
function executable(): string {
  const setting = vscode.workspace.getConfiguration('tomc').get<string>('path', 'tomc').trim();
  const configured = setting === '' ? 'tomc' : setting;
  if (configured === '~' || configured.startsWith('~/')) {
    return path.join(os.homedir(), configured.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!path.isAbsolute(configured) && /[\\/]/.test(configured) && folder?.uri.scheme === 'file') {
    return path.join(folder.uri.fsPath, configured);
  }
  return configured;
}

/** Why `command --version` fails, or undefined when it runs. */
function cannotRun(command: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10_000 }, (error) => {
      if (error === null) {
        resolve(undefined);
      } else if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve('no such executable (on PATH or at that path)');
      } else {
        resolve(error.message.trim());
      }
    });
  });
}
