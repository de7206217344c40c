/**
 * A local stand-in for the JSR registry (jsr.io is unreachable here): a small HTTP server on
 * 127.0.0.1 with the registry's layout, enough for the real `deno publish --token T` to upload
 * to it and for `deno run jsr:@scope/name` / `deno install jsr:...` to download from it. Deno
 * reads the registry's address from JSR_URL (its API is JSR_URL + "api/").
 *
 * Served:
 *   GET  /@scope/name/meta.json                      the versions, and the latest
 *   GET  /@scope/name/<version>_meta.json            each file's size and sha256 checksum
 *                                                    ("manifest") and the exports
 *   GET  /@scope/name/<version>/<path>               the files
 * The publish protocol, as `deno publish` speaks it (observed):
 *   GET  /api/scopes/S/packages/N/versions/V         404 until published (then it is skipped)
 *   GET  /api/scopes/S/packages/N                    the package exists (any name, with the token)
 *   POST /api/scopes/S/packages/N/versions/V?config=/deno.json
 *                                                    the files as a gzipped tar (Bearer token)
 *   GET  /api/publish_status/ID                      the publishing task: "success"
 *
 * As a program (scripts/test.sh): `deno run -A tests/support/jsr.ts --publish DIR --url-file F
 * [--parent PID]` starts the stand-in, publishes DIR to it, writes its JSR_URL to F and serves
 * until SIGTERM/SIGINT or until process PID is gone; it shuts down in `finally`.
 */

/** The token the stand-in accepts (any other is refused with 401). */
export const STAND_IN_TOKEN = "hpm-test-token";

/** One published version: its files (path "/main.ts" -> bytes) and exports. */
interface Version {
  files: Map<string, Uint8Array>;
  exports: Record<string, string>;
}

/** A request the stand-in answered, for tests that count what Deno downloaded. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** A running stand-in. */
export interface JsrStandIn {
  /** What JSR_URL must be set to, e.g. "http://127.0.0.1:40123/". */
  url: string;
  /** Every request answered so far, in order. */
  requests: LoggedRequest[];
  /** Stops the server and waits until it has. */
  close(): Promise<void>;
}

/** Reads the regular files of a (ustar, GNU or pax) tar archive. */
export function readTar(archive: Uint8Array): Map<string, Uint8Array> {
  const decoder = new TextDecoder();
  const text = (start: number, length: number) => {
    const bytes = archive.subarray(start, start + length);
    const end = bytes.indexOf(0);
    return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
  };
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = parseInt(text(offset + 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const prefix = text(offset + 345, 155);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    let name = longName ?? (prefix ? `${prefix}/${text(offset, 100)}` : text(offset, 100));
    longName = undefined;
    if (type === "L") {
      longName = decoder.decode(body).replace(/\0.*$/s, "");
    } else if (type === "x") {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(decoder.decode(body));
      if (path) longName = path[1];
    } else if (type === "0") {
      name = name.replace(/^\.?\//, "");
      files.set(`/${name}`, body.slice());
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function normalizeExports(exports: unknown): Record<string, string> {
  if (typeof exports === "string") return { ".": exports };
  if (exports && typeof exports === "object") return exports as Record<string, string>;
  return {};
}

/** Starts a stand-in on 127.0.0.1 on a free port. */
export function startJsrStandIn(): Promise<JsrStandIn> {
  const packages = new Map<string, Map<string, Version>>(); // "@scope/name" -> version -> files
  const requests: LoggedRequest[] = [];
  let tasks = 0;

  const authorized = (request: Request) =>
    request.headers.get("authorization") === `Bearer ${STAND_IN_TOKEN}`;

  async function upload(request: Request, name: string, version: string, config: string) {
    const files = readTar(await gunzip(new Uint8Array(await request.arrayBuffer())));
    const denoJson = files.get(config);
    if (!denoJson) return Response.json({ code: "missingConfig" }, { status: 400 });
    const exports = normalizeExports(JSON.parse(new TextDecoder().decode(denoJson)).exports);
    const versions = packages.get(name) ?? new Map<string, Version>();
    if (versions.has(version)) return Response.json({ code: "versionExists" }, { status: 409 });
    versions.set(version, { files, exports });
    packages.set(name, versions);
    return Response.json({ id: `task-${++tasks}`, status: "success", error: null });
  }

  async function answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    let match = /^\/api\/scopes\/([^/]+)\/packages\/([^/]+)(?:\/versions\/([^/]+))?$/.exec(path);
    if (match) {
      const [, scope, packageName, version] = match;
      const name = `@${scope}/${packageName}`;
      if (version === undefined) {
        if (!authorized(request)) return Response.json({ code: "unauthorized" }, { status: 401 });
        return Response.json({ scope, name: packageName });
      }
      if (request.method === "POST") {
        if (!authorized(request)) return Response.json({ code: "unauthorized" }, { status: 401 });
        return await upload(request, name, version, url.searchParams.get("config") ?? "/deno.json");
      }
      return packages.get(name)?.has(version)
        ? Response.json({ scope, package: packageName, version })
        : Response.json({ code: "versionNotFound" }, { status: 404 });
    }
    match = /^\/api\/publish_status\/([^/]+)$/.exec(path);
    if (match) return Response.json({ id: match[1], status: "success", error: null });
    match = /^\/(@[^/]+\/[^/]+)\/(.+)$/.exec(path);
    const versions = match ? packages.get(match[1]) : undefined;
    if (!match || !versions) return new Response("not found", { status: 404 });
    const [, name, rest] = match;
    if (rest === "meta.json") {
      const list = [...versions.keys()];
      return Response.json({
        scope: name.slice(1, name.indexOf("/")),
        name: name.slice(name.indexOf("/") + 1),
        latest: list[list.length - 1],
        versions: Object.fromEntries(list.map((version) => [version, {}])),
      });
    }
    const meta = /^([^/]+)_meta\.json$/.exec(rest);
    if (meta) {
      const version = versions.get(meta[1]);
      if (!version) return new Response("not found", { status: 404 });
      const manifest: Record<string, { size: number; checksum: string }> = {};
      for (const [file, bytes] of version.files) {
        manifest[file] = { size: bytes.length, checksum: `sha256-${await sha256(bytes)}` };
      }
      return Response.json({ manifest, exports: version.exports });
    }
    const slash = rest.indexOf("/");
    const file = slash < 0 ? undefined : versions.get(rest.slice(0, slash))?.files.get(
      rest.slice(slash),
    );
    if (!file) return new Response("not found", { status: 404 });
    const type = /\.(ts|tsx|mts)$/.test(path)
      ? "application/typescript"
      : /\.json$/.test(path)
      ? "application/json"
      : /\.m?js$/.test(path)
      ? "application/javascript"
      : "application/octet-stream";
    return new Response(file as Uint8Array<ArrayBuffer>, { headers: { "content-type": type } });
  }

  return new Promise((resolve) => {
    const server = Deno.serve({
      hostname: "127.0.0.1",
      port: 0,
      onListen({ port }) {
        resolve({
          url: `http://127.0.0.1:${port}/`,
          requests,
          close: async () => {
            await server.shutdown();
          },
        });
      },
    }, async (request) => {
      const path = new URL(request.url).pathname;
      let response: Response;
      try {
        response = await answer(request);
      } catch (error) {
        response = new Response(String(error), { status: 500 });
      }
      requests.push({ method: request.method, path, status: response.status });
      return response;
    });
  });
}

/** What a finished `deno publish` printed. */
export interface PublishResult {
  code: number;
  output: string;
}

/**
 * Publishes the package in `dir` to the stand-in with the real `deno publish --token`
 * (`--allow-dirty`: a working checkout may have uncommitted changes; CI's clone has none).
 */
export async function publish(standIn: JsrStandIn, dir: string): Promise<PublishResult> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--token", STAND_IN_TOKEN, "--allow-dirty"],
    cwd: dir,
    env: { JSR_URL: standIn.url, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    output: decoder.decode(result.stdout) + decoder.decode(result.stderr),
  };
}

/** `deno run` as README documents it for JSR (after `deno`): `-A --no-config jsr:@hpm/cli`. */
export const JSR_RUN_ARGS = ["run", "-A", "--no-config", "jsr:@hpm/cli"];
/** `deno install` as README documents it (after `deno`). */
export const JSR_INSTALL_ARGS = ["install", "-g", "-A", "-n", "hpm", "jsr:@hpm/cli"];

/** The checkout published to a running stand-in, and a DENO_DIR of its own. */
export interface PublishedHpm {
  standIn: JsrStandIn;
  /** JSR_URL and DENO_DIR: what every deno run against the stand-in gets. */
  env: Record<string, string>;
}

/**
 * Starts a stand-in, publishes `dir` (the repository) to it, gives `body` the published
 * package with a fresh DENO_DIR (so Deno downloads hpm and its npm packages as a new user's
 * would), and shuts everything down in `finally`.
 */
export async function withPublishedHpm(
  dir: string,
  body: (published: PublishedHpm) => Promise<void>,
): Promise<void> {
  const standIn = await startJsrStandIn();
  const denoDir = await Deno.makeTempDir({ prefix: "hpm-jsr-deno-dir-" });
  try {
    const published = await publish(standIn, dir);
    if (published.code !== 0) {
      throw new Error(`deno publish to the stand-in failed:\n${published.output}`);
    }
    await body({ standIn, env: { JSR_URL: standIn.url, DENO_DIR: denoDir } });
  } finally {
    await standIn.close();
    await Deno.remove(denoDir, { recursive: true }).catch(() => {});
  }
}

/** What a finished process printed. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs this deno with `args` (or `program` instead of deno) on top of this environment. */
export async function runDeno(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; program?: string },
): Promise<RunResult> {
  const output = await new Deno.Command(options.program ?? Deno.execPath(), {
    args,
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Copies a directory tree (no .venv, no __pycache__). */
export async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === ".venv" || entry.name === "__pycache__") continue;
    if (entry.isDirectory) await copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
    else await Deno.copyFile(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

/** The paths under `root` (relative) of Deno's files: deno.lock and node_modules (not in .venv). */
export async function denoFiles(root: string, prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(`${root}/${prefix}`)) {
    const path = `${prefix}${entry.name}`;
    if (entry.name === "deno.lock" || entry.name === "node_modules") found.push(path);
    else if (entry.isDirectory && entry.name !== ".venv") {
      found.push(...await denoFiles(root, `${path}/`));
    }
  }
  return found.sort();
}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

async function serveMain(args: string[]): Promise<number> {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at < 0 ? undefined : args[at + 1];
  };
  const dir = value("--publish");
  const urlFile = value("--url-file");
  const parent = value("--parent");
  if (!dir || !urlFile) {
    console.error(
      "usage: deno run -A tests/support/jsr.ts --publish DIR --url-file FILE [--parent PID]",
    );
    return 2;
  }
  const standIn = await startJsrStandIn();
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => stop = resolve);
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, stop);
  const watch = parent ? setInterval(() => alive(Number(parent)) || stop(), 500) : undefined;
  try {
    const published = await publish(standIn, dir);
    if (published.code !== 0) {
      console.error(published.output);
      console.error(`jsr stand-in: deno publish of ${dir} failed (exit ${published.code})`);
      return 1;
    }
    await Deno.writeTextFile(urlFile, standIn.url);
    await stopped;
    return 0;
  } finally {
    if (watch !== undefined) clearInterval(watch);
    for (const signal of signals) Deno.removeSignalListener(signal, stop);
    await standIn.close();
  }
}

if (import.meta.main) Deno.exit(await serveMain(Deno.args));
