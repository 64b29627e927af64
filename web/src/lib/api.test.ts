import { afterEach, describe, expect, it, vi } from "vitest";
import { apiAll, ApiError } from "./api";

// apiAll's paging against pages served by a stand-in fetch (the real server's paging is
// checked by serve's own tests and the e2e tests; here only the client's loop).
function servePages(pages: Record<string, unknown>[], status = 200) {
  const asked: string[] = [];
  vi.stubGlobal("fetch", async (url: string) => {
    asked.push(url);
    const body = pages[asked.length - 1] ?? { error: { code: "not_found", message: "no such page" } };
    return new Response(JSON.stringify(body), { status });
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe("apiAll", () => {
  it("follows next until it is null, keeping the filters and asking for big pages", async () => {
    const asked = servePages([
      { models: [{ id: 1 }, { id: 2 }], next: "c2" },
      { models: [{ id: 3 }], next: "c3" },
      { models: [], next: null },
    ]);
    const all = await apiAll<{ id: number }>("/api/v1/models", new URLSearchParams({ unit: "12970" }), "models");
    expect(all.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(asked).toEqual([
      "/api/v1/models?unit=12970&limit=1000",
      "/api/v1/models?unit=12970&limit=1000&cursor=c2",
      "/api/v1/models?unit=12970&limit=1000&cursor=c3",
    ]);
  });
  it("takes one page when there is no next, and a page without the list as empty", async () => {
    servePages([{ people: [{ id: 5 }] }]);
    expect(await apiAll("/api/v1/people", new URLSearchParams({ limit: "50" }), "people")).toEqual([{ id: 5 }]);
    servePages([{ next: null }]);
    expect(await apiAll("/api/v1/people", new URLSearchParams(), "people")).toEqual([]);
  });
  it("does not change the caller's parameters", async () => {
    servePages([{ models: [], next: "x" }, { models: [], next: null }]);
    const p = new URLSearchParams({ type: "camera" });
    await apiAll("/api/v1/models", p, "models");
    expect(p.toString()).toBe("type=camera");
  });
  it("fails with the server's error", async () => {
    servePages([{ error: { code: "permission_denied", message: "thiếu quyền movement.read" } }], 403);
    const err = await apiAll("/api/v1/models", new URLSearchParams(), "models").catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, message: "thiếu quyền movement.read" });
  });
});
