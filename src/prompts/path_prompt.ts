/**
 * The path question: a line of text with the directories completing it listed underneath. Enter
 * takes the line as typed, at once, however fast the keys came (a paste, or keys sent in one
 * burst): the list is computed synchronously on every key, so nothing is ever still "loading"
 * when Enter arrives. Tab completes to the highlighted directory; the arrows move the highlight,
 * and Enter after an arrow takes the highlighted entry. Loaded only with the prompt library.
 */
import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isTabKey,
  isUpKey,
  makeTheme,
  useKeypress,
  usePagination,
  usePrefix,
  useRef,
  useState,
} from "@inquirer/core";
import type { Validate } from "./questions.ts";

/** What the path prompt needs: the question, and the choices for the text typed so far. */
export interface PathPromptConfig {
  message: string;
  default?: string;
  validate?: Validate<string>;
  /** The entries listed under the line while `term` is typed (the term itself included). */
  choices: (term: string) => string[];
  pageSize?: number;
}

/** The prompt: resolves with the accepted path. */
export const pathPrompt = createPrompt<string, PathPromptConfig>((config, done) => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<"idle" | "done">("idle");
  // The line as typed: a ref, so that a key handled in the same burst sees the one before it.
  const line = useRef("");
  const [term, setTerm] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  // -1: nothing chosen with the arrows, the typed line is what Enter takes.
  const [active, setActive] = useState(-1);
  const [answer, setAnswer] = useState("");
  const prefix = usePrefix({ status, theme });
  const choices = config.choices(term);
  const typedIndex = choices.indexOf(term);

  const accept = (value: string, rl: { write(text: string): void }) => {
    const verdict = config.validate ? config.validate(value) : true;
    if (verdict === true) {
      setAnswer(value);
      setStatus("done");
      done(value);
      return;
    }
    setError(verdict || "not a valid path");
    // readline has cleared its line on Enter: give the user back what they typed, to fix it.
    rl.write(line.current);
  };

  const retype = (value: string, rl: { clearLine(dir: 0): void; write(text: string): void }) => {
    rl.clearLine(0);
    rl.write(value);
    line.current = value;
    setTerm(value);
    setActive(-1);
    setError(undefined);
  };

  useKeypress((key, rl) => {
    if (status === "done") return;
    if (isEnterKey(key)) {
      const chosen = active >= 0 ? choices[active] : undefined;
      const value = chosen ?? (line.current.trim() === "" ? config.default ?? "" : line.current);
      accept(value, rl);
    } else if (isTabKey(key)) {
      const completions = choices.filter((c) => c !== term);
      const target = active >= 0 ? choices[active] : completions[0];
      retype(target ?? line.current, rl);
    } else if ((isUpKey(key) || isDownKey(key)) && choices.length > 0) {
      rl.clearLine(0);
      rl.write(line.current);
      const from = active >= 0 ? active : typedIndex;
      const step = isUpKey(key) ? -1 : 1;
      setActive(from < 0 ? (step > 0 ? 0 : choices.length - 1) : clamp(from + step, choices));
    } else {
      line.current = rl.line;
      setTerm(rl.line);
      setActive(-1);
      setError(undefined);
    }
  });

  const highlighted = active >= 0 ? active : typedIndex;
  const page = usePagination({
    items: choices,
    active: Math.max(highlighted, 0),
    renderItem: ({ item, index }) =>
      index === highlighted ? theme.style.highlight(`❯ ${item}`) : `  ${item}`,
    pageSize: config.pageSize ?? 8,
    loop: false,
  });
  const message = theme.style.message(config.message, status);
  if (status === "done") return [prefix, message, theme.style.answer(answer)].join(" ");
  const shownDefault = config.default && term === ""
    ? theme.style.defaultAnswer(config.default)
    : "";
  const header = [prefix, message, shownDefault, term].filter(Boolean).join(" ");
  const help = theme.style.help("↑↓ navigate • ⇥ complete • ⏎ select");
  const body = [error ? theme.style.error(error) : choices.length ? page : "", " ", help]
    .filter(Boolean).join("\n");
  return [header, body];
});

function clamp(index: number, choices: readonly string[]): number {
  return Math.min(Math.max(index, 0), choices.length - 1);
}
