/** Temporary directories of tests, removed whatever way a test ends. */

/**
 * Removes `paths` (recursively; already gone is fine) when the `await using` binding that
 * holds the result leaves scope, so a test's temporary directories go even when it fails:
 * `const dir = await copyFixture("seed-project"); await using _dir = removing(dir);`
 */
export function removing(...paths: string[]): AsyncDisposable {
  return {
    async [Symbol.asyncDispose]() {
      for (const path of paths) {
        await Deno.remove(path, { recursive: true }).catch((error) => {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        });
      }
    },
  };
}
