/** `plural(1, "problem")` is "1 problem", `plural(2, "problem")` "2 problems". */
export function plural(n: number, noun: string, nouns = noun + "s"): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
