// The console is built into web/dist, which `anninh serve` serves ([http] web_root).
// JSX is compiled by Vite's own esbuild for Preact: no Babel plugin needed.
import { defineConfig } from "vite";

export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2020",
    // Nothing inlined as data: URLs, so the CSP can stay strict.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  // `npm run dev` (and `vite preview`) against a running `anninh serve`: ANNINH_URL, else
  // the default port.
  server: { proxy: { "/api": { target: process.env.ANNINH_URL ?? "http://127.0.0.1:8080", ws: true } } },
  preview: { host: "127.0.0.1", proxy: { "/api": { target: process.env.ANNINH_URL ?? "http://127.0.0.1:8080", ws: true } } },
  test: { include: ["src/**/*.test.ts"] },
});
