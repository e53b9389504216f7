import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { stepsInMdx } from './step-outline';

/** Lists a page's numbered steps in Starlight's "On this page" sidebar, after its Markdown headings. */
export const onRequest = defineRouteMiddleware((context) => {
  const { toc, entry } = context.locals.starlightRoute;
  if (!toc || !entry.body) return;
  const steps = stepsInMdx(entry.body);
  toc.items.push(
    ...steps.map((step, index) => ({ depth: 2, slug: step.id, text: `${index + 1}. ${step.title}`, children: [] })),
  );
});
