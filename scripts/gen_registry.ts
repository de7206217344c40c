/**
 * Generates a large valid registry for measuring load time:
 *
 *   deno run -A scripts/gen_registry.ts OUT_DIR --packages 10000 --groups 1000
 *
 * Writes OUT_DIR/registry/{groups,packages}/*.yaml and, for the local sources, one empty
 * directory per package under OUT_DIR/checkouts/. Packages alternate between source kinds
 * (local, git, index, url); groups alternate between 1-of-N and M-of-N and share the packages
 * out evenly.
 */

function usage(message: string): never {
  console.error(`gen_registry: ${message}`);
  console.error(
    "usage: deno run -A scripts/gen_registry.ts OUT_DIR [--packages N] [--groups N]",
  );
  Deno.exit(2);
}

function parseArgs(args: string[]): { out: string; packages: number; groups: number } {
  let out: string | undefined;
  let packages = 1000;
  let groups = 100;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--packages" || arg === "--groups") {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 1) usage(`${arg} needs a positive integer`);
      if (arg === "--packages") packages = value;
      else groups = value;
    } else if (arg.startsWith("-")) usage(`unknown flag ${arg}`);
    else if (out === undefined) out = arg;
    else usage(`unexpected argument ${arg}`);
  }
  if (out === undefined) usage("missing OUT_DIR");
  if (groups > packages) usage("--groups may not exceed --packages");
  return { out, packages, groups };
}

function packageName(i: number): string {
  return `pkg-${String(i).padStart(5, "0")}`;
}

function packageYaml(i: number): string {
  const name = packageName(i);
  const head = `name: "${name}"\nversion: "0.${i % 10}.${i % 7}"\n` +
    `description: "Generated package number ${i}"\nsources:\n`;
  const dev =
    `  dev:\n    type: "local"\n    path: "../../checkouts/${name}"\n    editable: true\n`;
  switch (i % 4) {
    case 0:
      return head + `  prod:\n    type: "git"\n    url: "https://example.com/org/${name}.git"\n` +
        `    tag: "v0.${i % 10}.0"\n` + dev;
    case 1:
      return head + `  prod:\n    type: "index"\n    version: ">=0.${i % 10},<1"\n` + dev;
    case 2:
      return head +
        `  prod:\n    type: "url"\n    url: "https://example.com/dist/${name}-0.1.0.tar.gz"\n` +
        dev;
    default:
      return head + dev;
  }
}

function groupYaml(g: number, members: number[]): string {
  const oneOfN = g % 2 === 0;
  const lines = [
    `name: "group-${g}"`,
    `strategy: "${oneOfN ? "1-of-N" : "M-of-N"}"`,
    `description: "Generated group number ${g}"`,
    "options:",
    ...members.flatMap((i) => [`  - name: "${packageName(i)}"`, `    description: "Option ${i}"`]),
    `default: "${packageName(members[0])}"`,
  ];
  if (!oneOfN) lines.push("min: 1", `max: ${members.length}`);
  return lines.join("\n") + "\n";
}

async function main(): Promise<void> {
  const { out, packages, groups } = parseArgs(Deno.args);
  const registry = `${out}/registry`;
  await Deno.mkdir(`${registry}/groups`, { recursive: true });
  await Deno.mkdir(`${registry}/packages`, { recursive: true });
  await Deno.mkdir(`${out}/checkouts`, { recursive: true });
  const writes: Promise<void>[] = [];
  for (let i = 0; i < packages; i++) {
    writes.push(Deno.writeTextFile(`${registry}/packages/${packageName(i)}.yaml`, packageYaml(i)));
    writes.push(Deno.mkdir(`${out}/checkouts/${packageName(i)}`, { recursive: true }));
  }
  for (let g = 0; g < groups; g++) {
    const members: number[] = [];
    for (let i = g; i < packages; i += groups) members.push(i);
    writes.push(Deno.writeTextFile(`${registry}/groups/group-${g}.yaml`, groupYaml(g, members)));
  }
  await Promise.all(writes);
  console.log(`wrote ${packages} packages and ${groups} groups to ${registry}`);
}

if (import.meta.main) await main();
