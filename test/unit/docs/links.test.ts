import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function markdownFiles(): string[] {
  const files = [join(ROOT, 'README.md')];
  const docs = join(ROOT, 'docs');
  const pending = existsSync(docs) ? [docs] : [];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) pending.push(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  }
  return files.sort();
}

/** Markdown without fenced code blocks and inline code, where link-like text is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's heading anchor: lower case, punctuation dropped (CJK kept), spaces become hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = headingAnchor((match[1] as string).replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g))
    anchors.add(match[1] as string);
  return anchors;
}

interface Link {
  file: string;
  target: string;
}

function relativeLinks(): Link[] {
  const links: Link[] = [];
  for (const file of markdownFiles()) {
    for (const match of prose(readFileSync(file, 'utf8')).matchAll(
      /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g,
    )) {
      const target = match[1] as string;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ file, target });
    }
  }
  return links;
}

function brokenReason({ file, target }: Link): string | null {
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
  if (!existsSync(path)) return 'missing file';
  if (anchor === undefined || anchor === '') return null;
  if (!path.endsWith('.md')) return null;
  return anchorsOf(readFileSync(path, 'utf8')).has(decodeURIComponent(anchor).toLowerCase())
    ? null
    : 'missing anchor';
}

describe('README and docs/ links', () => {
  it('keeps the README short, with depth in docs/', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(
      250,
    );
  });

  it('makes headings into the anchors GitHub renders', () => {
    expect(headingAnchor('Deploy to AWS')).toBe('deploy-to-aws');
    expect(headingAnchor('`newsmon run`')).toBe('newsmon-run');
    expect(headingAnchor('Limits & budgets (defaults)')).toBe('limits--budgets-defaults');
    expect(headingAnchor('红网 URL eras')).toBe('红网-url-eras');
  });

  it('finds the relative links it checks', () => {
    expect(relativeLinks().length).toBeGreaterThan(0);
  });

  it('resolves every relative link and anchor to a file and heading in the repository', () => {
    const broken = relativeLinks()
      .map((link) => ({ link, reason: brokenReason(link) }))
      .filter((entry) => entry.reason !== null)
      .map(({ link, reason }) => `${relative(ROOT, link.file)}: ${link.target} (${reason})`);
    expect(broken).toEqual([]);
  });
});
