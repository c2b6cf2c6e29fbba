/**
 * The JSON editor: CodeMirror 6 with JSON highlighting, completion and hover docs from core's JSON
 * Schema (schema.ts, over the live syntax tree), and the validation issues and lint findings as
 * inline diagnostics. Tab is left to the page (keyboard users move on to the next control);
 * Ctrl-Space opens completion.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, ensureSyntaxTree, indentOnInput, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from '@codemirror/view';
import { scheduleJsonSchema } from '@cyclr/core';
import type { Tree } from '@lezer/common';
import type { Located } from './analyze.js';
import { contextAt } from './json-paths.js';
import { hoverText, keyOptions, schemaReader, valueOptions } from './schema.js';

const SCHEMA = scheduleJsonSchema();

function treeOf(state: EditorState): Tree {
  return ensureSyntaxTree(state, state.doc.length, 200) ?? syntaxTree(state);
}

/** Completion of keys and values from the schema, at the cursor. */
export function schemaCompletions(state: EditorState, pos: number, explicit: boolean): CompletionResult | null {
  const text = state.doc.toString();
  const c = contextAt(treeOf(state), text, pos);
  if (!c) return null;
  if (!explicit && !c.token) return null;
  const reader = schemaReader(SCHEMA, text);
  // Inside an open quote the completion starts after it, so that what is typed filters the labels;
  // the applied text then closes the quote (replacing a closing quote already there).
  const quoted = c.token !== undefined && text[c.token.from] === '"';
  const from = c.token ? c.token.from + (quoted ? 1 : 0) : pos;
  const to = c.token?.to ?? pos;
  const unquote = (json: string): string => (quoted ? json.slice(1) : json);
  if (c.kind === 'key') {
    const rest = text.slice(to).trimStart();
    const hasColon = rest.startsWith(':');
    const options: Completion[] = keyOptions(reader, text, c.object).map((o) => ({
      label: o.key,
      apply: unquote(`"${o.key}"${hasColon ? '' : ': '}`),
      detail: o.required ? `${o.detail} (required)` : o.detail,
      info: o.description || undefined,
      type: 'property',
      boost: o.required ? 1 : 0,
    }));
    return options.length > 0 ? { from, to, options, filter: true, validFor: /^[\w$]*"?$/ } : null;
  }
  if (c.key === undefined) return null;
  const options: Completion[] = valueOptions(reader, c.object, c.key)
    .filter((o) => !quoted || o.apply.startsWith('"'))
    .map((o) => ({ label: o.label, apply: unquote(o.apply), detail: o.detail, info: o.description, type: 'enum' }));
  return options.length > 0 ? { from, to, options, filter: true, validFor: /^[\w$-]*"?$/ } : null;
}

/** Hover docs: a key's description and what it takes, or a family's definition on its type name. */
export function schemaHover(state: EditorState, pos: number, side: -1 | 1): { title: string; body: string; from: number; to: number } | null {
  const text = state.doc.toString();
  const c = contextAt(treeOf(state), text, pos, side);
  if (!c?.key || !c.token) return null;
  const reader = schemaReader(SCHEMA, text);
  let valueText: string | undefined;
  if (c.kind === 'value') {
    try {
      const v: unknown = JSON.parse(text.slice(c.token.from, c.token.to));
      if (typeof v === 'string') valueText = v;
    } catch {
      valueText = undefined;
    }
    if (c.key !== 'type') return null;
  }
  const h = hoverText(reader, c.object, c.key, valueText);
  return h ? { ...h, from: c.token.from, to: c.token.to } : null;
}

export interface StudioEditor {
  view: EditorView;
  text(): string;
  /** replaces the whole document (an import, a restored link), as one undoable change */
  setText(text: string): void;
  /** selects a range, scrolls it into view and focuses the editor */
  select(from: number, to: number): void;
  show(items: readonly Located[]): void;
}

export function createEditor(parent: HTMLElement, initial: string, onChange: (text: string) => void): StudioEditor {
  const extensions: Extension[] = [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    json(),
    autocompletion({ override: [(ctx: CompletionContext) => schemaCompletions(ctx.state, ctx.pos, ctx.explicit)], icons: false }),
    hoverTooltip((view, pos, side) => {
      const h = schemaHover(view.state, pos, side);
      if (!h) return null;
      return {
        pos: h.from,
        end: h.to,
        above: true,
        create() {
          const dom = document.createElement('div');
          dom.className = 'cm-schema-doc';
          const title = document.createElement('strong');
          title.textContent = h.title;
          dom.append(title);
          if (h.body) {
            const body = document.createElement('div');
            body.textContent = h.body;
            dom.append(body);
          }
          return { dom };
        },
      };
    }),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
    EditorView.contentAttributes.of({ 'aria-label': 'cyclr policy or schedule (JSON)', 'aria-describedby': 'issues-heading' }),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) onChange(u.state.doc.toString());
    }),
    EditorView.lineWrapping,
  ];
  const view = new EditorView({ parent, state: EditorState.create({ doc: initial, extensions }) });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    select(from, to) {
      const len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, len), head: Math.min(to, len) }, scrollIntoView: true });
      view.focus();
    },
    show(items) {
      const len = view.state.doc.length;
      const diagnostics: Diagnostic[] = items.map((i) => ({
        from: Math.min(i.from, len),
        to: Math.min(Math.max(i.to, i.from), len),
        severity: i.severity,
        message: `${i.message} (at ${i.where})`,
        source: i.severity === 'error' ? 'cyclr' : 'cyclr lint',
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
  };
}
