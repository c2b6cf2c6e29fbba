/**
 * JSON paths (`['lr', 'parts', 1, 'steps']`, as core's issues carry them) against the editor's
 * syntax tree (@lezer/json), both ways: where a path is in the text, and which path a position is
 * in. Works on text with syntax errors (whatever the parser recovered).
 */
import type { SyntaxNode, Tree } from '@lezer/common';

export type JsonPath = ReadonlyArray<string | number>;

const VALUE_NODES = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

/** The value nodes directly inside an Array node, in order. */
function arrayItems(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (VALUE_NODES.has(c.name)) out.push(c);
  return out;
}

/** The key a PropertyName node spells (its JSON string decoded; the raw text when it does not decode). */
export function keyText(text: string, nameNode: SyntaxNode): string {
  const raw = text.slice(nameNode.from, nameNode.to);
  try {
    const decoded: unknown = JSON.parse(raw);
    return typeof decoded === 'string' ? decoded : raw;
  } catch {
    return raw.replace(/^"|"$/g, '');
  }
}

/** The Property nodes of an Object node, with their keys. */
export function properties(text: string, object: SyntaxNode): Array<{ key: string; node: SyntaxNode; name: SyntaxNode; value: SyntaxNode | null }> {
  const out: Array<{ key: string; node: SyntaxNode; name: SyntaxNode; value: SyntaxNode | null }> = [];
  for (let c = object.firstChild; c; c = c.nextSibling) {
    if (c.name !== 'Property') continue;
    const name = c.getChild('PropertyName');
    if (!name) continue;
    let value: SyntaxNode | null = null;
    for (let v = name.nextSibling; v; v = v.nextSibling) if (VALUE_NODES.has(v.name)) value = v;
    out.push({ key: keyText(text, name), node: c, name, value });
  }
  return out;
}

/** The document's top-level value node, if the parser found one. */
export function rootValue(tree: Tree): SyntaxNode | null {
  for (let c = tree.topNode.firstChild; c; c = c.nextSibling) if (VALUE_NODES.has(c.name)) return c;
  return null;
}

export interface PathRange {
  from: number;
  to: number;
  /** false when the path goes further than the text (a missing field): the range is its nearest existing parent */
  exact: boolean;
}

/**
 * Where `path` is in the text: the value at the path (selected), or for a path that does not exist
 * (a missing field), the deepest object or array on the way, with `exact: false`. An unknown key's
 * issue (at the key itself) selects that key's value too.
 */
export function rangeOfPath(tree: Tree, text: string, path: JsonPath): PathRange {
  let node = rootValue(tree);
  if (!node) return { from: 0, to: 0, exact: path.length === 0 };
  for (const key of path) {
    let next: SyntaxNode | null = null;
    if (node.name === 'Object' && typeof key === 'string') {
      const found = properties(text, node).filter((p) => p.key === key).pop();
      next = found ? (found.value ?? found.name) : null;
    } else if (node.name === 'Array' && typeof key === 'number') {
      next = arrayItems(node)[key] ?? null;
    }
    if (!next) return { from: node.from, to: node.to, exact: false };
    node = next;
  }
  return { from: node.from, to: node.to, exact: true };
}

/** The innermost value node (Object, Array or scalar) at `pos`, preferring the node ending at pos when typing. */
function nodeAt(tree: Tree, pos: number, side: -1 | 1): SyntaxNode {
  return tree.resolveInner(pos, side);
}

/** The JSON path of a value node: the keys and indices from the root down to it. */
export function pathOfNode(text: string, node: SyntaxNode): Array<string | number> {
  const path: Array<string | number> = [];
  let child: SyntaxNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === 'Property') {
      const name = parent.getChild('PropertyName');
      if (name && child.name !== 'PropertyName') path.unshift(keyText(text, name));
    } else if (parent.name === 'Array') {
      const i = arrayItems(parent).findIndex((c) => c.from === child.from && c.to === child.to);
      if (i >= 0) path.unshift(i);
    }
  }
  return path;
}

export interface PositionContext {
  /** 'key': a property name is being typed or hovered; 'value': a property's value */
  kind: 'key' | 'value';
  /** the Object node the key is (to be) in, or whose property holds the value */
  object: SyntaxNode;
  /** the path of that object */
  objectPath: Array<string | number>;
  /** the property's key (kind 'value', or a hovered key) */
  key?: string;
  /** the text range of the token under the cursor (for replacing on completion), if any */
  token?: { from: number; to: number };
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r';

/**
 * What the position `pos` is in: a key of some object, or the value of some property. Falls back
 * to the text around `pos` where the parser could not build a property (a half-typed key).
 */
export function contextAt(tree: Tree, text: string, pos: number, side: -1 | 1 = -1): PositionContext | null {
  const node = nodeAt(tree, pos, side);
  if (node.name === 'PropertyName') {
    const object = node.parent?.parent;
    if (!object || object.name !== 'Object') return null;
    return { kind: 'key', object, objectPath: pathOfNode(text, object), key: keyText(text, node), token: { from: node.from, to: node.to } };
  }
  if (node.parent?.name === 'Property' && VALUE_NODES.has(node.name) && node.name !== 'Object' && node.name !== 'Array') {
    const object = node.parent.parent;
    const name = node.parent.getChild('PropertyName');
    if (!object || !name) return null;
    return { kind: 'value', object, objectPath: pathOfNode(text, object), key: keyText(text, name), token: { from: node.from, to: node.to } };
  }
  // Between tokens (or in an error node): read the text backwards to the last structural character.
  let object: SyntaxNode | null = node;
  while (object && object.name !== 'Object') object = object.parent;
  if (!object) return null;
  let i = pos;
  let tokenFrom = pos;
  while (i > object.from && /[\w$"-]/.test(text[i - 1])) i--;
  tokenFrom = i;
  while (i > object.from && isSpace(text[i - 1])) i--;
  const before = text[i - 1];
  const token = tokenFrom < pos ? { from: tokenFrom, to: pos } : undefined;
  if (before === '{' || before === ',') return { kind: 'key', object, objectPath: pathOfNode(text, object), token };
  if (before === ':') {
    // the key before the colon: a string ending just before it
    let j = i - 1;
    while (j > object.from && isSpace(text[j - 1])) j--;
    const end = j;
    if (text[end - 1] !== '"') return null;
    let start = end - 2;
    while (start > object.from && text[start] !== '"') start--;
    const key = text.slice(start + 1, end - 1);
    return { kind: 'value', object, objectPath: pathOfNode(text, object), key, token };
  }
  return null;
}

/** The first syntax error the parser recovered from, as a position. */
export function firstSyntaxError(tree: Tree): number | undefined {
  let at: number | undefined;
  tree.iterate({
    enter(n) {
      if (at !== undefined) return false;
      if (n.type.isError) {
        at = n.from;
        return false;
      }
      return undefined;
    },
  });
  return at;
}
