/**
 * The steps a guide page declares, read from its MDX source. Starlight builds the page's table of
 * contents from Markdown headings only, and a step's heading is rendered by the <Step> component,
 * so the route middleware adds the steps from here.
 *
 * Only the opening tags are read: `<Step id="..." title="...">` with plain double-quoted values, in
 * any attribute order. A tag that does not fit is reported rather than skipped silently.
 */
export interface StepOutline {
  id: string;
  title: string;
}

const STEP_TAG = /<Step\b([^>]*)>/g;

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}="([^"]*)"`).exec(attributes);
  return match?.[1]
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function stepsInMdx(source: string): StepOutline[] {
  return Array.from(source.matchAll(STEP_TAG), ([tag, attributes]) => {
    const id = attribute(attributes, 'id');
    const title = attribute(attributes, 'title');
    if (id === undefined || title === undefined) {
      throw new Error(`${tag}: a <Step> needs id="..." and title="..." written as plain strings`);
    }
    return { id, title };
  });
}
