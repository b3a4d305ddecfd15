/** The program side of Record `attachments`: each content form becomes the provider's input, as a secret. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { attachmentsInput } from "../../../sdk/record-attachments";

async function resolve(o: unknown): Promise<{ value: unknown; secret: boolean }> {
  const out = o as pulumi.Output<unknown> & { promise(): Promise<unknown>; isSecret: Promise<boolean> };
  return { value: await out.promise(), secret: await out.isSecret };
}

describe("sdk: Record attachments input", () => {
  it("text, StringAsset, FileAsset (read here), bytes and { base64 } → text or { base64 }, all secret", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pw-sdk-att-"));
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    fs.writeFileSync(path.join(dir, "key.bin"), bytes);
    try {
      const got = await resolve(
        attachmentsInput({
          "a.txt": "plain text",
          "b.txt": new pulumi.asset.StringAsset("from a StringAsset"),
          "key.bin": new pulumi.asset.FileAsset(path.join(dir, "key.bin")),
          "raw.bin": new Uint8Array([9, 8, 7]),
          "given.bin": { base64: "AAE=" },
          "later.txt": pulumi.output("an Output"),
        }),
      );
      assert.equal(got.secret, true);
      assert.deepEqual(got.value, {
        "a.txt": "plain text",
        "b.txt": "from a StringAsset",
        "key.bin": { base64: bytes.toString("base64") },
        "raw.bin": { base64: Buffer.from([9, 8, 7]).toString("base64") },
        "given.bin": { base64: "AAE=" },
        "later.txt": "an Output",
      });
      assert.equal(attachmentsInput(undefined), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing file and a remote asset fail naming the file", async () => {
    await assert.rejects(
      () => resolve(attachmentsInput({ "gone.pem": new pulumi.asset.FileAsset("/nonexistent/gone.pem") })),
      /attachments\["gone\.pem"\]: cannot read \/nonexistent\/gone\.pem/,
    );
    assert.throws(
      () => attachmentsInput({ "r.bin": new pulumi.asset.RemoteAsset("https://example.com/r.bin") as never }),
      /attachments\["r\.bin"\].*remote assets are not supported/,
    );
  });
});
