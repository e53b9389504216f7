import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { catalogEntrySchema } from './lib/logs/catalog-schema';

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  // One JSON file per known issue; the log analyzer imports the same files (src/lib/logs/catalog.ts).
  // The schema resolves commands an entry names from the shared library, so the page shows the
  // commands the analyzer offers and a name that does not resolve fails the build.
  knownIssues: defineCollection({
    loader: glob({ pattern: '*.json', base: './src/content/known-issues' }),
    schema: catalogEntrySchema,
  }),
};
