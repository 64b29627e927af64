// What the movement's browser tests start from: the demo's sample unit list (xã An Ninh,
// 90001, merged into xã Tiền Hải, 12970, on 01/07/2025; its villages carry on) and a village
// head of Thôn Đông Cao (90001.01), signed in through the API.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repo, ApiClient } from "./harness.mjs";

export const HEAD_PASSWORD = "mật khẩu trưởng thôn";

// Imports the sample units as `admin` and creates the village head; `beforeSignIn` runs in
// between (records the head must find already there). Returns the head's API client.
export async function sampleUnitsAndVillageHead(t, srv, admin, beforeSignIn = async () => {}) {
  const csv = readFileSync(join(repo, "demo/units-sample.csv"), "utf8");
  const imported = await admin.call("POST", "/api/v1/units/import", { csv });
  t.check(imported.applied, "the sample units import");
  await admin.call("POST", "/api/v1/users", {
    username: "truong.dong",
    display_name: "Phạm Văn Đông",
    role: "village_head",
    areas: ["90001.01"],
    password: HEAD_PASSWORD,
  });
  await beforeSignIn();
  return ApiClient.signIn(srv.base, "truong.dong", HEAD_PASSWORD);
}
