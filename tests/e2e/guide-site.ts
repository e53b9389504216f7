import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Reading the built site (dist/) as files, for checks that need every page at once: which pages
 * exist, which ids each declares and where each of its links points.
 */
export const DIST = join(process.cwd(), 'dist');

export interface BuiltPage {
  /** The URL path the page is served at, e.g. "/traces/read/". */
  path: string;
  ids: string[];
  stepIds: string[];
  /** href values of every element, entity-decoded, in document order. */
  links: string[];
  /** src values (scripts, images, island components), entity-decoded. */
  sources: string[];
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = join(directory, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Attribute values of one name across all start tags; text content is escaped, so tags are reliable. */
function attributeValues(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}=(?:"([^"]*)"|'([^']*)'|([^\\s>"']+))`, 'i').exec(tag);
  if (!match) return undefined;
  return decodeEntities(match[1] ?? match[2] ?? match[3]);
}

export function pagePath(file: string): string {
  const path = '/' + relative(DIST, file).split(sep).join('/');
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
}

export function readBuiltPages(): BuiltPage[] {
  return walk(DIST)
    .filter((file) => file.endsWith('.html'))
    .map((file) => {
      const html = readFileSync(file, 'utf8');
      const page: BuiltPage = { path: pagePath(file), ids: [], stepIds: [], links: [], sources: [] };
      for (const [tag] of html.matchAll(/<[a-zA-Z][^>]*>/g)) {
        const id = attributeValues(tag, 'id');
        if (id !== undefined) {
          page.ids.push(id);
          if (/\sdata-guide-step[\s>=]/.test(tag)) page.stepIds.push(id);
        }
        const href = attributeValues(tag, 'href');
        if (href !== undefined) page.links.push(href);
        for (const name of ['src', 'component-url', 'renderer-url']) {
          const source = attributeValues(tag, name);
          if (source !== undefined) page.sources.push(source);
        }
      }
      return page;
    });
}

/** The file in dist/ that serves a URL path, or undefined when none does. */
export function fileForPath(path: string): string | undefined {
  const candidates = path.endsWith('/') ? [join(DIST, path, 'index.html')] : [join(DIST, path), join(DIST, path, 'index.html')];
  return candidates.find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
