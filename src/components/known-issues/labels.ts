import type { IssueCategory } from '../../lib/logs/types';
import { stepsInMdx } from '../guide/step-outline';

/** Reader-facing names of the fixed categories (DESIGN.md), in the catalog page's order. */
export const CATEGORY_LABELS: Record<IssueCategory, string> = {
  'dns-resolution': 'Name resolution (DNS)',
  'connection-refused': 'Connection refused',
  'connection-timeout': 'Connection timed out',
  'connection-reset': 'Connection reset',
  'tls-certificate': 'TLS certificate trust',
  'tls-protocol': 'TLS protocol version',
  proxy: 'Proxy',
  'proxy-auth': 'Proxy authentication',
  'firewall-blocked': 'Blocked by a firewall',
  'node-communication': 'Node-to-node communication',
  'cloud-service-unreachable': 'Cloud service unreachable',
  'auth-key-invalid': 'Registration and authentication key',
  'credential-invalid': 'Data store credentials',
  'certificate-expired': 'Expired certificates',
  'service-not-running': 'Integration runtime service',
  'driver-missing': 'Missing drivers and components',
  'java-runtime': 'Java runtime (Parquet, ORC)',
  'out-of-memory': 'Memory',
  'disk-full': 'Disk space',
  'version-upgrade': 'Versions and updates',
  'time-skew': 'Clock skew',
  'permission-denied': 'Permissions',
  'timeout-query': 'Query and operation timeouts',
  other: 'Other',
};

/** "/symptoms/node-inactive/#node-8060-refused" -> "Node inactive: node 8060 refused". */
export function describeStep(path: string): string {
  const [page, step = ''] = path.split('#');
  const pageName = page.split('/').filter(Boolean).pop() ?? page;
  const words = (slug: string) => slug.replace(/-/g, ' ');
  const title = words(pageName);
  return `${title.charAt(0).toUpperCase()}${title.slice(1)}: ${words(step)}`;
}

interface GuidePage {
  id: string;
  body?: string;
  data: { title: string };
}

/**
 * Titles of the guide's steps, read with the guide's own <Step> outline reader, so the catalog's
 * step links read like the guide ("Test port 8060 ... (Node inactive ...)") and follow renames.
 */
export function readStepTitles(pages: readonly GuidePage[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const page of pages) {
    const path = `/${page.id.replace(/\/?index$/, '')}/`.replace(/^\/\/$/, '/');
    for (const step of stepsInMdx(page.body ?? '')) titles.set(`${path}#${step.id}`, `${step.title} (${page.data.title})`);
  }
  return titles;
}
