import type { SpecPath } from '../base/errors.js';

/**
 * A place in a document while it is read: a link to the parent place plus one key. Validation walks
 * every field of every node; a link costs one small object where a path array would be copied at
 * each level. The array (`pathOf`) is made only for an issue.
 */
export interface Link {
  readonly parent: Where;
  readonly key: string | number;
}

export type Where = SpecPath | Link;

export function at(where: Where, key: string | number): Link {
  return { parent: where, key };
}

function isLink(where: Where): where is Link {
  return !Array.isArray(where);
}

/** The path array of a place. */
export function pathOf(where: Where): SpecPath {
  if (!isLink(where)) return where;
  const keys: Array<string | number> = [];
  let w: Where = where;
  while (isLink(w)) {
    keys.push(w.key);
    w = w.parent;
  }
  return [...w, ...keys.reverse()];
}

/** The last key of a place (for messages), without building the path. */
export function lastKey(where: Where): string | number | undefined {
  return isLink(where) ? where.key : where[where.length - 1];
}
