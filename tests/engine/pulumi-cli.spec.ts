// Without a CLI the engine tests fail (never skip) with the bootstrap script's instructions.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import { locatePulumi, pulumiRoot } from "./pulumi-cli";

describe("engine: locating the Pulumi CLI", () => {
  it("finds the CLI here, stamped with its version", () => {
    const root = pulumiRoot();
    const version = execFileSync(path.join(root, "bin", "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
    assert.match(version, /^v3\.\d+\.\d+/);
    assert.ok(
      fs.existsSync(path.join(root, "bin", "pulumi-resource-pulumi-nodejs")),
      "the dynamic-provider plugin sits beside the CLI",
    );
  });

  it("with neither pulumi nor Go, fails with how to install the CLI", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-passwork-nocli-"));
    try {
      // A PATH with only the shell tools the script needs: no pulumi, no go.
      const bin = path.join(tmp, "bin");
      fs.mkdirSync(bin);
      for (const tool of ["bash", "dirname", "readlink", "cat", "mkdir"]) {
        fs.symlinkSync(
          execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(),
          path.join(bin, tool),
        );
      }
      const env = { PATH: bin, HOME: tmp, PULUMI_CLI_CACHE: path.join(tmp, "cache") };
      assert.throws(
        () => locatePulumi(env),
        (e: Error) =>
          /no 'pulumi' on PATH and no Go toolchain/.test(e.message) &&
          /Install the Pulumi CLI/.test(e.message),
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
