/**
 * Keeping a registry file's layout through an edit by the yaml library: its byte order mark and
 * line endings (the edit works on LF text without a BOM), the gap before a comment at the end of
 * a line, and the blank lines before the comment that closes the file. Pure.
 */
import { type Document, isNode, type Node, parseDocument, visit } from "yaml";
import { YAML_STYLE } from "./style.ts";

/** How a file is laid out: whether it starts with a byte order mark, and its line ending. */
export interface TextLayout {
  bom: boolean;
  eol: "\n" | "\r\n";
}

/** The layout hpm writes new files in: no byte order mark, LF. */
export const PLAIN_LAYOUT: TextLayout = { bom: false, eol: "\n" };

const BOM = "\uFEFF";

/**
 * Splits `text` into its layout (a leading BOM; CRLF when most of its line breaks are CRLF)
 * and the text to edit: without the BOM and with every CRLF turned into LF.
 */
export function splitLayout(text: string): { layout: TextLayout; text: string } {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(BOM.length) : text;
  const crlf = body.match(/\r\n/g)?.length ?? 0;
  const lf = (body.match(/\n/g)?.length ?? 0) - crlf;
  return {
    layout: { bom, eol: crlf > lf ? "\r\n" : "\n" },
    text: body.replace(/\r\n/g, "\n"),
  };
}

/** `text` (LF line endings, no BOM) in `layout`. */
export function applyLayout(text: string, layout: TextLayout): string {
  const body = layout.eol === "\r\n" ? text.replace(/\r?\n/g, "\r\n") : text;
  return layout.bom ? BOM + body : body;
}

/** Marks a comment whose original gap (more than one space) is to be written back as it was. */
const GAP_MARK = "\u0000"; // cannot occur in a YAML comment

/** The yaml library's own rendering of a comment's text (`" x"` -> `"# x"`), plus the marks. */
function commentString(comment: string): string {
  if (comment.startsWith(GAP_MARK)) {
    const end = comment.indexOf(GAP_MARK, 1);
    // lineComment() puts one space before what this returns
    return comment.slice(1, end).slice(1) + "#" + comment.slice(end + 1);
  }
  return comment.replace(/^(?!$)(?: $)?/gm, "#");
}

/**
 * Marks every comment that sits at the end of a value's line in `source` (the text `doc` was
 * parsed from) with its gap, when that gap is more than the single space the library writes.
 */
function markCommentGaps(doc: Document, source: string): void {
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    const { comment, range } = node as Node;
    if (!comment || comment.includes("\n") || !range) return;
    const after = /^( [ \t]*)#([^\n]*)\n?$/.exec(source.slice(range[1], range[2]));
    if (after && after[1].length > 1 && after[2] === comment) {
      (node as Node).comment = GAP_MARK + after[1] + GAP_MARK + comment;
    }
  });
}

/** Where the comment lines (and blank lines among them) that close a text begin. */
function closingComment(lines: string[]): { content: number; comment: number } | undefined {
  let comment = lines.length;
  while (comment > 0 && (lines[comment - 1].trim() === "" || lines[comment - 1][0] === "#")) {
    comment--;
  }
  while (comment < lines.length && lines[comment].trim() === "") comment++;
  let content = comment;
  while (content > 0 && lines[content - 1].trim() === "") content--;
  if (content === 0 || comment === lines.length) return undefined;
  return { content, comment };
}

/**
 * Gives the comment that closes `text` (the rendering of an edit) as many blank lines before it
 * as it had in `original`, when both end with the same comment and the data stays the same.
 */
function keepClosingGap(text: string, original: string): string {
  const lines = text.split("\n");
  const originalLines = original.split("\n");
  const ours = closingComment(lines);
  const theirs = closingComment(originalLines);
  if (!ours || !theirs) return text;
  const tail = lines.slice(ours.comment);
  const originalTail = originalLines.slice(theirs.comment);
  if (tail.join("\n").trimEnd() !== originalTail.join("\n").trimEnd()) return text;
  const gap = theirs.comment - theirs.content;
  if (ours.comment - ours.content === gap) return text;
  const kept = [...lines.slice(0, ours.content), ...Array(gap).fill(""), ...tail].join("\n");
  const data = (yaml: string) => JSON.stringify(parseDocument(yaml).toJS());
  return data(kept) === data(text) ? kept : text;
}

/**
 * Renders `doc`, parsed from `source` (LF, no BOM) and edited, keeping what the yaml library
 * would otherwise change in lines the edit did not touch: the gap before a comment at the end
 * of a line, and the blank lines before the comment that closes the file.
 */
export function renderEdit(doc: Document, source: string): string {
  markCommentGaps(doc, source);
  return keepClosingGap(doc.toString({ ...YAML_STYLE, commentString }), source);
}
