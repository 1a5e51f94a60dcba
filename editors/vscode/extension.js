// stylebook's language server in VS Code: starts `stylebook lsp` for Markdown, YAML and JSON
// files; the server checks those that belong to a catalog and ignores the others.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate() {
  const command = vscode.workspace.getConfiguration('stylebook').get('path', 'stylebook');
  const server = { command, args: ['lsp'] };
  client = new LanguageClient(
    'stylebook',
    'stylebook',
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'file', language: 'yaml' },
        { scheme: 'file', language: 'json' },
      ],
    },
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
