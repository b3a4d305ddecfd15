import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileTokenStore } from "../../provider/client/token-store";

describe("FileTokenStore", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "pw-store-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("writes atomically with mode 0600 and reads back; no temp files left", async () => {
    const store = new FileTokenStore(join(dir, "a", "t.json"));
    assert.equal(await store.load(), undefined);
    await store.save({ accessToken: "acc-1", refreshToken: "ref-1", origin: "o", savedAt: 1 });
    await store.save({ accessToken: "acc-2", refreshToken: "ref-2", origin: "o", savedAt: 2 });
    assert.equal((await store.load())?.accessToken, "acc-2");
    assert.equal((await stat(join(dir, "a", "t.json"))).mode & 0o777, 0o600);
    assert.deepEqual(await readdir(join(dir, "a")), ["t.json"]);
  });

  it("ignores an unreadable or foreign file instead of failing", async () => {
    const file = join(dir, "bad.json");
    await writeFile(file, "{not json");
    assert.equal(await new FileTokenStore(file).load(), undefined);
    await writeFile(file, JSON.stringify({ hello: 1 }));
    assert.equal(await new FileTokenStore(file).load(), undefined);
  });
});
