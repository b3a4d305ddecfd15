#!/usr/bin/env node
// `npm run configure` in an example directory: sets everything the example needs on the selected
// stack (or --stack NAME) with `pulumi config set`, and nothing it does not.
//
//   npm run configure -- --emulator http://127.0.0.1:8400      a running emulator: the admin's tokens,
//                                                              generated values for the example's secrets
//   npm run configure -- --host https://passwork.example.com   a real server: asks for the tokens
//                                                              (or takes PASSWORK_TOKEN /
//                                                              PASSWORK_REFRESH_TOKEN) and each secret
//
// The example's secrets are the `secret: true` keys of the `config:` block in its Pulumi.yaml. Keys the
// stack already has are kept, so running it again changes nothing. Values go to `pulumi` on stdin,
// never on its command line. The demo (scripts/demo.js) uses the same functions through the
// Automation API.
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const YAML = require("yaml");

const USAGE =
  "usage: npm run configure -- (--emulator URL | --host URL) [--stack NAME]\n" +
  "  --emulator URL  an emulator started with `npx pulumi-passwork-emulator --port 8400 ...`\n" +
  "  --host URL      a real Passwork; tokens from PASSWORK_TOKEN / PASSWORK_REFRESH_TOKEN or asked for\n" +
  "  --stack NAME    the stack to configure (default: the selected one)";

/** The project's name and the config keys it declares secret without a default (its required secrets). */
function readProject(dir) {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new Error(`${dir} has no Pulumi.yaml: run this in an example directory.`);
  const project = YAML.parse(fs.readFileSync(file, "utf8"));
  const declared = Object.entries(project.config ?? {});
  const secretKeys = declared
    .filter(([key, decl]) => !key.includes(":") && decl && decl.secret === true && decl.default === undefined)
    .map(([key]) => key);
  return { name: project.name, secretKeys };
}

/** A value for a secret the example carries, made up for a demo or emulator stack. */
function generatedSecret() {
  return crypto.randomBytes(18).toString("base64url");
}

async function emulatorCall(url, method, route, body, token) {
  const response = await fetch(new URL(route, url), {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} on the emulator at ${url}: HTTP ${response.status}`);
  const parsed = JSON.parse(text);
  // Passwork wraps response bodies: {format: "base64", content: <base64 of the JSON>}.
  return parsed && parsed.format === "base64"
    ? JSON.parse(Buffer.from(parsed.content, "base64").toString("utf8"))
    : parsed;
}

/**
 * The token pair of the emulator's seeded `admin` (the user the emulator CLI prints tokens for), minted
 * fresh through its loopback control endpoints: a short-lived helper user looks the admin up and is
 * removed again.
 */
async function emulatorAdminTokens(url) {
  try {
    await emulatorCall(url, "GET", "/_emulator/health");
  } catch (error) {
    throw new Error(
      `no emulator answers at ${url} (${error.cause?.code ?? error.message}).\n` +
        "Start one in another terminal first: npx pulumi-passwork-emulator --port 8400 --data-dir ~/.pulumi-passwork-emulator",
    );
  }
  const helper = await emulatorCall(url, "POST", "/_emulator/users", {
    login: `configure-${crypto.randomBytes(4).toString("hex")}`,
    role: "owner",
  });
  const helperTokens = await emulatorCall(url, "POST", "/_emulator/tokens", { userId: helper.id });
  const users = await emulatorCall(
    url,
    "GET",
    "/api/v1/users?login=admin",
    undefined,
    helperTokens.accessToken,
  );
  const admin = (users.items ?? []).find((u) => u.login === "admin");
  if (!admin) throw new Error(`the emulator at ${url} has no user "admin"`);
  const tokens = await emulatorCall(url, "POST", "/_emulator/tokens", { userId: admin.id });
  await emulatorCall(url, "DELETE", `/api/v1/users/${helper.id}`, undefined, tokens.accessToken);
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}

/** Asks on the terminal without echoing what is typed. */
function askHidden(question) {
  if (!process.stdin.isTTY) throw new Error(`${question.trim()} needs a terminal (or set it yourself).`);
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    rl._writeToOutput = (s) => {
      if (s.includes(question)) process.stdout.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer.trim());
    });
  });
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "-h" || flag === "--help") {
      console.log(USAGE);
      process.exit(0);
    }
    if (!["--emulator", "--host", "--stack"].includes(flag))
      throw new Error(`unknown argument ${flag}\n${USAGE}`);
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
    options[flag.slice(2)] = value;
    i++;
  }
  if ((options.emulator === undefined) === (options.host === undefined))
    throw new Error(`give exactly one of --emulator and --host\n${USAGE}`);
  return options;
}

function pulumi(args, { input, stack } = {}) {
  const full = [...args, ...(stack ? ["--stack", stack] : []), "--non-interactive"];
  const run = spawnSync("pulumi", full, {
    encoding: "utf8",
    input: input ?? "",
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (run.error) throw new Error(`could not run pulumi (${run.error.message}): is the Pulumi CLI on PATH?`);
  if (run.status !== 0) throw new Error(`pulumi ${args.slice(0, 2).join(" ")} failed: ${run.stderr.trim()}`);
  return run.stdout;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const project = readProject(process.cwd());
  const stack = options.stack;
  let current;
  try {
    current = JSON.parse(pulumi(["config", "--json"], { stack }));
  } catch (error) {
    throw new Error(`${error.message}\nCreate the stack first: pulumi stack init dev`);
  }
  const has = (key) => current[key] !== undefined;
  const set = (key, value, secret) => {
    pulumi(["config", "set", ...(secret ? ["--secret"] : []), key], { input: value, stack });
    console.log(`configure: set ${key}${secret ? " (secret)" : ""}`);
  };

  const host = options.emulator ?? options.host;
  const sameHost = has("passwork:host") && current["passwork:host"].value === host;
  if (!(sameHost && has("passwork:accessToken"))) {
    const tokens = options.emulator
      ? await emulatorAdminTokens(options.emulator)
      : {
          accessToken: process.env.PASSWORK_TOKEN || (await askHidden("Passwork access token: ")),
          refreshToken:
            process.env.PASSWORK_REFRESH_TOKEN || (await askHidden("Passwork refresh token (empty: none): ")),
        };
    set("passwork:host", host, false);
    set("passwork:accessToken", tokens.accessToken, true);
    if (tokens.refreshToken) set("passwork:refreshToken", tokens.refreshToken, true);
  } else console.log(`configure: keeping passwork:host ${host} and its tokens`);

  for (const key of project.secretKeys) {
    const full = `${project.name}:${key}`;
    if (has(full)) {
      console.log(`configure: keeping ${key}`);
      continue;
    }
    set(key, options.emulator ? generatedSecret() : await askHidden(`${key}: `), true);
  }
  console.log(`configure: done; next: pulumi up`);
}

module.exports = { readProject, generatedSecret, emulatorAdminTokens };

if (require.main === module) {
  main().catch((error) => {
    console.error(`configure: ${error.message}`);
    process.exit(1);
  });
}
