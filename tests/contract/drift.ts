// What the validating proxy (`prism proxy`) said about each operation's exchanges with a real API:
// the live suite writes it to reports/live-drift.md, so a maintainer sees every way the API drifted
// from our specs, operation by operation, without reading test logs.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

interface Violation {
  location?: string[];
  severity?: string;
  message?: string;
}

/** Violations by operation (`mesh createLinkToken`), from the proxy's `sl-violations` headers. */
export class DriftRecord {
  readonly #byOperation = new Map<string, Violation[]>();
  readonly #checked = new Set<string>();

  /** One exchange of `operation`, with the proxy's `sl-violations` header (null: it conformed). */
  add(operation: string, header: string | null): void {
    this.#checked.add(operation);
    if (!header) return;
    let violations: Violation[];
    try {
      violations = JSON.parse(header) as Violation[];
    } catch {
      violations = [{ message: header }];
    }
    this.#byOperation.set(operation, [...(this.#byOperation.get(operation) ?? []), ...violations]);
  }

  get drifted(): string[] {
    return [...this.#byOperation.keys()];
  }

  /** A short Markdown report: each drifted operation with its violations, then how many conformed. */
  report(title: string): string {
    const lines = [`# ${title}`, ''];
    if (!this.#byOperation.size)
      lines.push(`No drift: all ${this.#checked.size} operations called conformed to the specs.`);
    for (const [operation, violations] of this.#byOperation) {
      lines.push(`## ${operation}`, '');
      for (const v of violations)
        lines.push(`- ${v.severity ?? 'Error'} at \`${(v.location ?? []).join('.')}\`: ${v.message ?? ''}`);
      lines.push('');
    }
    if (this.#byOperation.size)
      lines.push(
        `${this.#checked.size - this.#byOperation.size} of ${this.#checked.size} operations called conformed.`,
      );
    return `${lines.join('\n').trimEnd()}\n`;
  }

  async write(path: string, title: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, this.report(title));
  }
}
