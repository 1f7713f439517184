/**
 * The sections of a shared AWS file, where each one ends and which carry Rolecall's marker, found
 * once per edit and queried many times. Sections are exactly those botocore sees (ini-parse.ts):
 * a header is named by the bytes between its brackets, whitespace and case included, and an
 * indented `[x]` under a key is that key's continuation, not a header.
 *
 * Boundary rule (see section-text.ts): a section is its header line through its last content line
 * (neither blank nor a comment; the Rolecall marker counts as content), terminator included.
 */
import { bomOf } from './ini-lines';
import { parseIni, type IniParse, type IniProblem, type IniSection } from './ini-parse';
import { parseMarker, type Marker } from './marker';

export interface SectionSpan {
  /** The header's name exactly as botocore reads it, e.g. `foo`, `profile foo` or ` foo `. */
  readonly name: string;
  /** Offset where the header line starts. */
  readonly start: number;
  /** Offset just past the header line. */
  readonly bodyStart: number;
  /** Offset just past the last content line (its terminator included). */
  readonly end: number;
  /** The first Rolecall marker inside the section, if any. */
  readonly marker: Marker | undefined;
  /** Offset where that marker's line starts (-1 without one). */
  readonly markerAt: number;
  /** Its keys (lower-cased) and their value lines, as botocore collects them. */
  readonly options: ReadonlyMap<string, readonly string[]>;
  /** See {@link IniSection.levelBefore}. */
  readonly levelBefore: number;
}

export interface ScannedText {
  readonly text: string;
  /** The leading BOM exactly as it appears (a UTF-16 char or its three UTF-8 bytes), or `''`. */
  readonly bom: string;
  readonly sections: readonly SectionSpan[];
}

/** Content of the line starting at `start` (no terminator: `\n`, `\r\n` or a lone `\r`). */
export function lineAt(text: string, start: number): string {
  let e = start;
  while (e < text.length && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
  return text.slice(start, e);
}

/**
 * The sections of one text, held explicitly by the caller rather than cached globally, so no
 * credentials text outlives the edit that read it.
 */
export class SectionIndex implements ScannedText {
  readonly bom: string;
  /** botocore's reading of the text after the BOM. */
  readonly parse: IniParse;
  private spans: readonly SectionSpan[] | undefined;

  private constructor(readonly text: string) {
    this.bom = bomOf(text);
    this.parse = parseIni(text, this.bom.length);
  }

  /** Indexes `text`, or returns it when it already is an index. */
  static of(text: string | SectionIndex): SectionIndex {
    return typeof text === 'string' ? new SectionIndex(text) : text;
  }

  /** The first line the AWS CLI refuses to parse ("Unable to parse config file"), if any. */
  get problem(): IniProblem | undefined {
    return this.parse.problem;
  }

  /** Every section with its boundary and marker, in file order. */
  get sections(): readonly SectionSpan[] {
    this.spans ??= this.parse.sections.map((s) => this.span(s));
    return this.spans;
  }

  /** The sections whose header is exactly `name`, in file order (more than one only in a file botocore refuses). */
  named(name: string): SectionSpan[] {
    if (this.spans !== undefined) return this.spans.filter((s) => s.name === name);
    return this.parse.sections.filter((s) => s.name === name).map((s) => this.span(s));
  }

  private span(s: IniSection): SectionSpan {
    const marker = s.markerAt === -1 ? undefined : parseMarker(lineAt(this.text, s.markerAt));
    return {
      name: s.name,
      start: s.start,
      bodyStart: s.bodyStart,
      end: s.end,
      marker,
      markerAt: s.markerAt,
      levelBefore: s.levelBefore,
      get options() {
        return s.options;
      },
    };
  }
}

/** Every section of `text` with its boundary and marker. */
export function scanSections(text: string): ScannedText {
  return SectionIndex.of(text);
}
