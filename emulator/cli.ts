#!/usr/bin/env node
/**
 * pulumi-passwork-emulator --port 0 --data-dir DIR [--cse] [--host 127.0.0.1] [--no-access-endpoints]
 * Prints one JSON line {url, accessToken, refreshToken, ...} for the seeded admin, runs until SIGTERM/SIGINT.
 */
import { startEmulator, type EmulatorOptions } from "./server";

const USAGE =
  "usage: pulumi-passwork-emulator [--port N] [--host ADDR] [--data-dir DIR] [--cse] [--body-limit BYTES] [--access-ttl S] [--refresh-ttl S] [--no-access-endpoints]";

function parseArgs(argv: string[]): EmulatorOptions {
  const o: EmulatorOptions = {};
  const num = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a non-negative integer\n${USAGE}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    switch (a) {
      case "--port":
        o.port = num(a, next());
        break;
      case "--host": {
        const h = next();
        if (!h) throw new Error(`--host needs an address\n${USAGE}`);
        o.host = h;
        break;
      }
      case "--data-dir": {
        const d = next();
        if (!d) throw new Error(`--data-dir needs a directory\n${USAGE}`);
        o.dataDir = d;
        break;
      }
      case "--cse":
        o.clientSideEncryption = true;
        break;
      case "--no-access-endpoints":
        // Like a real Passwork that does not speak our assumed access protocol (docs/access-protocol.md).
        o.accessEndpoints = false;
        break;
      case "--body-limit":
        o.bodyLimitBytes = num(a, next());
        break;
      case "--access-ttl":
        o.accessTokenTtlSeconds = num(a, next());
        break;
      case "--refresh-ttl":
        o.refreshTokenTtlSeconds = num(a, next());
        break;
      case "-h":
      case "--help":
        process.stdout.write(USAGE + "\n");
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}\n${USAGE}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const emu = await startEmulator(parseArgs(process.argv.slice(2)));
  process.stdout.write(
    JSON.stringify({
      url: emu.url,
      port: emu.port,
      adminUserId: emu.adminUserId,
      ...emu.adminTokens,
      ...(emu.adminMasterKey ? { masterKey: emu.adminMasterKey } : {}),
    }) + "\n",
  );
  const stop = () => {
    void emu.close().then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`pulumi-passwork-emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
