// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import preact from '@astrojs/preact';
import starlightLinksValidator from 'starlight-links-validator';
import contentSecurityPolicy from './src/integrations/content-security-policy';

export default defineConfig({
  site: 'https://shir-doctor.example',
  integrations: [
    starlight({
      title: 'shir-doctor',
      description:
        'Troubleshoot the self-hosted integration runtime of Azure Data Factory and Synapse, with trace and log analyzers that run in your browser.',
      favicon: '/favicon.svg',
      plugins: [starlightLinksValidator({ errorOnLocalLinks: true })],
      sidebar: [
        { label: 'Start here', autogenerate: { directory: 'start' } },
        { label: 'Fix a symptom', autogenerate: { directory: 'symptoms' } },
        { label: 'Network traces', autogenerate: { directory: 'traces' } },
        { label: 'Reference', autogenerate: { directory: 'reference' } },
      ],
      customCss: ['./src/styles/custom.css'],
      components: { Search: './src/components/guide/Search.astro' },
      routeMiddleware: './src/components/guide/route-data.ts',
      expressiveCode: {
        // Wrapped lines show a whole command without scrolling; it also keeps Expressive Code from
        // turning each overflowing block into an unnamed role="region", which axe reports as
        // duplicate landmarks on pages with several long commands.
        defaultProps: { wrap: true },
      },
    }),
    preact(),
    contentSecurityPolicy(),
  ],
});
