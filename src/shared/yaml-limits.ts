/**
 * Limits on hostile YAML, enforced while js-yaml reads (through its parse-event listener), so a document is
 * refused before it costs anything:
 *
 * - nesting: a node deeper than MAX_YAML_NESTING levels stops the read at that node (a 100,000-deep `[[[…]]]`
 *   would otherwise overflow the stack of js-yaml and of every recursive reader after it);
 * - alias expansion: js-yaml shares an aliased node by reference, so reading an alias bomb is cheap, but every
 *   reader after it (schema validation, templates, redaction, the journal) walks the expanded tree, which grows
 *   exponentially with the levels of a "billion laughs". Each alias adds the size of the node it names (values,
 *   counted with their own aliases expanded) to a budget of MAX_YAML_ALIAS_EXPANSION values per document.
 *
 * Sizes are memoized per node, so the check is linear in the written document whatever the expansion.
 */

/** Deeper than any runbook or inventory needs (they nest about 10 levels), far below the stack's limit. */
export const MAX_YAML_NESTING = 100;
/** Values brought in by aliases, per document; `<<: *defaults` a few thousand times stays well within. */
export const MAX_YAML_ALIAS_EXPANSION = 100_000;

/** A limit was exceeded at `offset` of the text (thrown out of js-yaml by the listener, turned into a problem). */
export class YamlLimitExceeded extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.name = 'YamlLimitExceeded';
    this.offset = offset;
  }
}

export interface YamlLimits {
  maxNesting: number;
  maxAliasExpansion: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxNesting: MAX_YAML_NESTING,
  maxAliasExpansion: MAX_YAML_ALIAS_EXPANSION,
};

/** Follows js-yaml's open/close events for one document; throws YamlLimitExceeded where a limit is crossed. */
export class YamlLimitGuard {
  private depth = 0;
  private expanded = 0;
  private readonly sizes = new WeakMap<object, number>();

  constructor(
    private readonly text: string,
    private readonly limits: YamlLimits = DEFAULT_YAML_LIMITS
  ) {}

  /** A node begins at `offset`. */
  enter(offset: number): void {
    this.depth += 1;
    if (this.depth > this.limits.maxNesting + 1) {
      throw new YamlLimitExceeded(
        offset,
        `YAML: nested deeper than ${this.limits.maxNesting} levels; refused before reading further`
      );
    }
  }

  /** The node that began at `start` built `result`. */
  leave(start: number, result: unknown): void {
    this.depth -= 1;
    if (result === null || typeof result !== 'object') return;
    const known = this.sizes.get(result);
    if (known === undefined) {
      this.sizes.set(result, this.measure(result));
      return;
    }
    if (!this.isAliasAt(start)) return;
    this.expanded += known;
    if (this.expanded > this.limits.maxAliasExpansion) {
      const limit = this.limits.maxAliasExpansion.toLocaleString('en-US');
      throw new YamlLimitExceeded(
        this.aliasOffset(start),
        `YAML: aliases expand to more than ${limit} values (an alias bomb?); this alias brings them to ` +
          `${Math.round(this.expanded).toLocaleString('en-US')}`
      );
    }
  }

  /** The node's values, each alias counted as the node it names. Children were measured when they closed. */
  private measure(node: object): number {
    let size = 1;
    for (const value of Object.values(node)) {
      if (value === null || typeof value !== 'object') size += 1;
      else size += this.sizes.get(value as object) ?? this.measureNested(value as object);
    }
    return size;
  }

  /** A value js-yaml built without a close event of its own (merge keys copy values): measured once, here. */
  private measureNested(node: object): number {
    const size = this.measure(node);
    this.sizes.set(node, size);
    return size;
  }

  private isAliasAt(start: number): boolean {
    return this.text[this.aliasOffset(start)] === '*';
  }

  /** Where the node's text begins: after the blanks, comments and `- ` / `? ` js-yaml's position may precede. */
  private aliasOffset(start: number): number {
    let i = start;
    while (i < this.text.length) {
      const ch = this.text[i];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') i += 1;
      else if (ch === '#') while (i < this.text.length && this.text[i] !== '\n') i += 1;
      else break;
    }
    return i;
  }
}
