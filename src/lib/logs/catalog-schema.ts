/**
 * The one schema of a known-issue entry. The Astro content collection validates the JSON files
 * with it at build time, and the unit tests validate the same files with it under Node; the
 * analyzer itself (which runs in a Web Worker) does not bundle zod and trusts these two gates.
 */
import { z } from 'astro/zod';
import { GUIDE_STEPS } from '../guide/steps';
import { isCommandReference, referenceProblems, resolveCommand } from './shared-commands';
import { ISSUE_CATEGORIES, PLACEHOLDER_PATTERN, PLACEHOLDERS } from './types';

const STEP_PATHS = new Set<string>(Object.values(GUIDE_STEPS));
const PLACEHOLDER_NAMES = new Set<string>(PLACEHOLDERS);

function checkPattern(source: string, context: z.RefinementCtx): void {
  let compiled: RegExp;
  try {
    compiled = new RegExp(source, 'i');
  } catch (error) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: `not a valid regular expression: ${(error as Error).message}` });
    return;
  }
  for (const name of source.matchAll(/\(\?<([a-zA-Z]\w*)>/g)) {
    if (!PLACEHOLDER_NAMES.has(name[1])) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `named group "${name[1]}" is not one of ${PLACEHOLDERS.join(', ')}` });
    }
  }
  // Unbounded wildcards make a pattern quadratic on a 10 MB paste; gaps must be bounded, e.g. [^\n]{0,200}.
  if (/(?:(?<!\\)\.|\[\^[^\]]*\])[*+]/.test(source)) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: 'unbounded wildcard (.* .+ [^x]* [^x]+): bound the gap, e.g. [^\\n]{0,200}' });
  }
  if (compiled.test('')) {
    context.addIssue({ code: z.ZodIssueCode.custom, message: 'pattern matches the empty string, so it would match every text' });
  }
}

function checkTemplate(template: string, context: z.RefinementCtx): void {
  for (const placeholder of template.matchAll(PLACEHOLDER_PATTERN)) {
    if (!PLACEHOLDER_NAMES.has(placeholder[1])) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `unknown placeholder {${placeholder[1]}}; use ${PLACEHOLDERS.map((name) => `{${name}}`).join(' ')}` });
    }
    // The renderer adds the quotes; a placeholder inside quotes would be interpolated unquoted.
    const before = template[placeholder.index - 1];
    const after = template[placeholder.index + placeholder[0].length];
    if (before === '"' || before === "'" || after === '"' || after === "'") {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `placeholder ${placeholder[0]} must not sit inside quotes: the renderer quotes values itself` });
    }
  }
}

const template = z.string().min(1).superRefine(checkTemplate);

export const commandTemplateSchema = z
  .object({ purpose: z.string().min(5), powershell: template.optional(), cmd: template.optional(), sh: template.optional() })
  .strict()
  .refine((command) => command.powershell || command.cmd || command.sh, { message: 'a command needs at least one of powershell, cmd, sh' });

const commandReferenceSchema = z
  .object({ use: z.string().min(1), purpose: z.string().min(5).optional(), defaults: z.record(z.string()).optional() })
  .strict()
  .superRefine((reference, context) => {
    for (const problem of referenceProblems(reference)) context.addIssue({ code: z.ZodIssueCode.custom, message: problem.message, path: problem.field.split('.') });
  });

/** An inline command, or a shared one named with "use"; either way the collection (and so the page)
 *  receives the resolved command, the same one catalog.ts gives the analyzer. */
const commandSchema = z.unknown().transform((value, context) => {
  const result = isCommandReference(value) ? commandReferenceSchema.safeParse(value) : commandTemplateSchema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) context.addIssue({ code: z.ZodIssueCode.custom, message: issue.message, path: issue.path });
    return z.NEVER;
  }
  return resolveCommand(result.data, 'command');
});

const entryId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be kebab-case: lowercase words and digits joined by single hyphens');

export const catalogEntrySchema = z
  .object({
    id: entryId,
    title: z.string().min(5),
    category: z.enum(ISSUE_CATEGORIES),
    symptoms: z.array(z.string().min(1)).min(1),
    patterns: z
      .array(z.object({ pattern: z.string().min(1).superRefine(checkPattern), weight: z.number().positive().max(10).optional() }).strict())
      .min(1),
    cause: z.string().min(20),
    steps: z
      .array(z.string().refine((path) => STEP_PATHS.has(path), (path) => ({ message: `step "${path}" is not in GUIDE_STEPS (src/lib/guide/steps.ts)` })))
      .min(1),
    commands: z.array(commandSchema),
    examples: z.array(z.string().min(1)).min(1),
    negatives: z.array(z.string().min(1)).min(1),
    rulesOut: z.array(entryId).min(1).optional(),
    generic: z.literal(true).optional(),
  })
  .strict();

export type ValidatedEntry = z.output<typeof catalogEntrySchema>;

/** Validates one entry and words each problem as "file: field.path: what is wrong". */
export function validateCatalogEntry(data: unknown, file: string): { entry: ValidatedEntry; problems: [] } | { entry: null; problems: string[] } {
  const result = catalogEntrySchema.safeParse(data);
  if (result.success) return { entry: result.data, problems: [] };
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
    return `${file}: ${path || '(entry)'}: ${issue.message}`;
  });
  return { entry: null, problems };
}
