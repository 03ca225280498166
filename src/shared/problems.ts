/** Collects the problems of one document with their positions; loaders throw them all at once. */
import { ValidationError, type Problem } from './errors';
import { formatPath, type PathSegment, type PositionMap, type SourcePoint } from './yaml-source';

export class DocumentProblems {
  constructor(
    /** The file as shown in messages (relative to the working directory when inside it). */
    readonly file: string,
    private readonly positions: PositionMap | undefined,
    /** Shared by every document of one load (a runbook and its includes). */
    readonly sink: Problem[] = []
  ) {}

  /** A problem with the value at `path` (reported where the value is written). */
  atValue(path: readonly PathSegment[], message: string): void {
    this.add(path, message, this.positions?.valueAt(path));
  }

  /** A problem at character `offset` of the string value at `path` (a template's syntax error). */
  atValueOffset(path: readonly PathSegment[], value: string, offset: number, message: string): void {
    this.add(path, message, this.positions?.pointInValue(path, value, offset));
  }

  /** A problem with a key itself (unknown key, duplicate name): reported where the key is written. */
  atKey(path: readonly PathSegment[], message: string): void {
    this.add(path, message, this.positions?.keyAt(path));
  }

  /** The position of a value, for messages that point elsewhere ("already defined at line 12"). */
  pointOf(path: readonly PathSegment[]): SourcePoint | undefined {
    return this.positions?.valueAt(path);
  }

  private add(path: readonly PathSegment[], message: string, point: SourcePoint | undefined): void {
    const shown = formatPath(path);
    this.sink.push({
      file: this.file,
      ...(point ? { line: point.line, column: point.column } : {}),
      ...(shown ? { path: shown } : {}),
      message,
    });
  }

  get hasProblems(): boolean {
    return this.sink.length > 0;
  }
}

/** Problems in reading order: by file (first seen first), then line and column; duplicates removed. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const fileOrder = [...new Set(problems.map((p) => p.file))];
  const seen = new Set<string>();
  return [...problems]
    .sort(
      (a, b) =>
        fileOrder.indexOf(a.file) - fileOrder.indexOf(b.file) ||
        (a.line ?? 0) - (b.line ?? 0) ||
        (a.column ?? 0) - (b.column ?? 0)
    )
    .filter((p) => {
      const key = JSON.stringify([p.file, p.line, p.column, p.path, p.message]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** One ValidationError carrying every problem, sorted. */
export function validationError(problems: readonly Problem[], hint?: string): ValidationError {
  return new ValidationError(sortProblems(problems), hint);
}

/** Throws every collected problem as one ValidationError. */
export function throwIfProblems(problems: readonly Problem[], hint?: string): void {
  if (problems.length > 0) throw validationError(problems, hint);
}
