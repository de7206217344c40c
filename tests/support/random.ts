/**
 * Seeded randomness for property and fuzz tests. Every run prints its seed; a failing case is
 * replayed with HPM_FUZZ_SEED=<seed> (and the case number it prints).
 */

/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
}

/** The seed of this run: HPM_FUZZ_SEED when set, else a fixed default (CI is repeatable). */
export function fuzzSeed(fallback: number): number {
  const raw = Deno.env.get("HPM_FUZZ_SEED");
  return raw ? Number(raw) >>> 0 : fallback;
}

/** A random mutation of a text: byte flips, deletions, insertions, duplicated or swapped lines. */
export function mutate(text: string, random: Random): string {
  let out = text;
  const edits = 1 + random.int(4);
  const alphabet = [
    "\n",
    " ",
    ":",
    "-",
    "[",
    "]",
    "{",
    "}",
    '"',
    "'",
    "#",
    "=",
    ",",
    "\t",
    "\\",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\u0000",
    "é",
    "0",
    "a",
  ];
  for (let i = 0; i < edits; i++) {
    const at = out.length ? random.int(out.length) : 0;
    switch (random.int(6)) {
      case 0:
        out = out.slice(0, at) + random.pick(alphabet) + out.slice(at + 1);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1 + random.int(8));
        break;
      case 2:
        out = out.slice(0, at) + random.pick(alphabet).repeat(1 + random.int(3)) + out.slice(at);
        break;
      case 3: {
        const lines = out.split("\n");
        const index = random.int(lines.length);
        lines.splice(index, 0, lines[index]);
        out = lines.join("\n");
        break;
      }
      case 4: {
        const lines = out.split("\n");
        const a = random.int(lines.length);
        const b = random.int(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join("\n");
        break;
      }
      default:
        out = out.slice(0, at) + "  " + out.slice(at);
    }
  }
  return out;
}
