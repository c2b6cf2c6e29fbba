// @cyclr/plot/node — PNG rendering through resvg with the DejaVu fonts shipped in dejavu-fonts-ttf,
// so text renders the same on every machine. Node only. Both are optional peer dependencies: they are
// loaded on the first PNG, and a missing one is a PngDependencyError naming what to install.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Chart } from './chart.js';
import { renderSvg, type SvgOptions } from './svg.js';

const require = createRequire(import.meta.url);

/** The optional peer dependencies PNG output needs (SVG, terminal and HTML output need neither). */
export const PNG_PEERS = ['@resvg/resvg-js', 'dejavu-fonts-ttf'] as const;

/** PNG output was asked for but an optional peer dependency is not installed. */
export class PngDependencyError extends Error {
  readonly code = 'ERR_PNG_DEPENDENCY';
  /** the packages to install */
  readonly missing: readonly string[];
  constructor(missing: readonly string[]) {
    super(`PNG output needs ${missing.join(' and ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed: npm install ${missing.join(' ')}`);
    this.name = 'PngDependencyError';
    this.missing = missing;
  }
}

const isMissing = (error: unknown, name: string): boolean => {
  const e = error as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && typeof e.message === 'string' && e.message.includes(name);
};

/** Resolves a peer dependency or throws a PngDependencyError naming every missing one. */
function load<T>(name: (typeof PNG_PEERS)[number], what: (id: string) => T): T {
  try {
    return what(name);
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    const missing = PNG_PEERS.filter((p) => {
      try {
        require.resolve(p === 'dejavu-fonts-ttf' ? `${p}/package.json` : p);
        return false;
      } catch {
        return true;
      }
    });
    throw new PngDependencyError(missing.length > 0 ? missing : [name]);
  }
}

/** Paths of the TTF files PNG rendering loads (DejaVu Sans regular and bold). */
export function fontFiles(): string[] {
  const dir = join(dirname(load('dejavu-fonts-ttf', (id) => require.resolve(`${id}/package.json`))), 'ttf');
  return [join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')];
}

export interface PngOptions {
  /** output width in px; default the SVG's own width */
  width?: number;
  /** default 'white' */
  background?: string;
}

interface ResvgModule {
  Resvg: new (svg: string, options: object) => { render(): { asPng(): Buffer; width: number; height: number } };
}

let resvg: ResvgModule | undefined;

/**
 * Rasterises an SVG document to PNG bytes, with system fonts off and DejaVu Sans as every family.
 * Throws a PngDependencyError when `@resvg/resvg-js` or `dejavu-fonts-ttf` is not installed.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const fonts = fontFiles();
  resvg ??= load('@resvg/resvg-js', (id) => require(id) as ResvgModule);
  const renderer = new resvg.Resvg(svg, {
    background: options.background ?? 'white',
    fitTo: options.width ? { mode: 'width', value: options.width } : { mode: 'original' },
    font: {
      loadSystemFonts: false,
      fontFiles: fonts,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
      serifFamily: 'DejaVu Sans',
      monospaceFamily: 'DejaVu Sans',
    },
  });
  return renderer.render().asPng();
}

/** A chart straight to PNG bytes. */
export function renderPng(chart: Chart, options: SvgOptions & { scale?: number } = {}): Buffer {
  const svg = renderSvg(chart, options);
  const width = options.scale ? Math.round((options.width ?? 720) * options.scale) : undefined;
  return svgToPng(svg, { width, background: options.background });
}
