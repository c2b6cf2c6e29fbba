import { issue, MAX_ISSUES, type IssueCode, type SpecIssue } from '../base/errors.js';
import { pathOf, type Where } from './where.js';

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

  add(code: IssueCode, where: Where, expected: string, received: unknown, message?: string | ((path: readonly (string | number)[]) => string)): void {
    if (this.list.length >= MAX_ISSUES) {
      this.dropped++;
      return;
    }
    const path = pathOf(where);
    this.list.push(issue(code, path, expected, received, typeof message === 'function' ? message(path) : message));
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
