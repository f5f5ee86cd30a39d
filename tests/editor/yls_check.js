// Validates YAML files with the YAML language server (yaml-language-server, from npm), as an
// editor would: each file is opened in the server, which finds its schema by the file's
// `# yaml-language-server: $schema=` line alone (no settings name a schema, the schema store
// is off, so nothing is fetched from the network). Prints one line per diagnostic:
//   FILE:LINE: MESSAGE
// and exits 0. Run with NODE_PATH naming the node_modules that holds yaml-language-server:
//   NODE_PATH=/tmp/x/node_modules node tests/editor/yls_check.js FILE...
'use strict';
const cp = require('child_process');
const path = require('path');
const fs = require('fs');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');

const files = process.argv.slice(2).map((f) => path.resolve(f));
const serverMain = require.resolve('yaml-language-server/bin/yaml-language-server');
const server = cp.spawn(process.execPath, [serverMain, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
const settings = { yaml: { validate: true, schemaStore: { enable: false }, schemas: {}, yamlVersion: '1.2' } };
conn.onRequest('workspace/configuration', (params) => params.items.map((i) => (i.section ? settings[i.section] || null : settings)));
conn.onRequest('client/registerCapability', () => null);
conn.onNotification('window/logMessage', () => {});
const waiting = new Map();
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  const w = waiting.get(p.uri);
  if (w) w(p.diagnostics);
});
conn.listen();

function diagnostics(file) {
  const uri = pathToFileURL(file).href;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 20000);
    waiting.set(uri, (d) => {
      clearTimeout(timer);
      resolve(d);
    });
    conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') },
    });
  });
}

(async () => {
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  conn.sendNotification('initialized', {});
  conn.sendNotification('workspace/didChangeConfiguration', { settings });
  for (const file of files) {
    const d = await diagnostics(file);
    if (d === null) {
      console.log(`${file}:0: no diagnostics came back`);
      continue;
    }
    for (const x of d) console.log(`${file}:${x.range.start.line + 1}: ${x.message.replace(/\s+/g, ' ')}`);
  }
  server.kill();
  process.exit(0);
})();
