import type { Driver } from "./drivers";
import { directDriver } from "./drivers";
import { startFixture, type ProviderFixture } from "./fixture";
import { lifecycleSuite } from "./lifecycle";

describe("providers called directly (in-process emulator)", () => {
  let fx: ProviderFixture;
  let driver: Driver;
  before(async () => {
    fx = await startFixture();
    driver = directDriver();
  });
  after(async () => {
    await driver?.close();
    await fx?.close();
  });
  lifecycleSuite(
    () => driver,
    () => fx,
  );
});
