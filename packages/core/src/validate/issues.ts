import { issue, MAX_ISSUES, type IssueCode, type SpecIssue, type SpecPath } from '../base/errors.js';

/**
 * Collects issues up to `MAX_ISSUES`; the rest are only counted and end as one `too_many_issues`
 * issue, so memory stays bounded by the input, not by how many things are wrong with it.
 */
export class IssueSink {
  private readonly list: SpecIssue[] = [];
  private dropped = 0;

  /** issues recorded so far (including the ones only counted) */
  get count(): number {
    return this.list.length + this.dropped;
  }

  add(code: IssueCode, path: SpecPath, expected: string, received: unknown, message?: string): void {
    if (this.list.length >= MAX_ISSUES) {
      this.dropped++;
      return;
    }
    this.list.push(issue(code, path, expected, received, message));
  }

  push(item: SpecIssue): void {
    if (this.list.length >= MAX_ISSUES) this.dropped++;
    else this.list.push(item);
  }

  /** the issues, with the count of dropped ones as a last `too_many_issues` issue */
  issues(): SpecIssue[] {
    if (this.dropped === 0) return [...this.list];
    return [...this.list, { code: 'too_many_issues', path: [], expected: `at most ${MAX_ISSUES} issues`, received: this.dropped, message: `and ${this.dropped} more issue${this.dropped === 1 ? '' : 's'}` }];
  }
}
