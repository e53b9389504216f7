/**
 * The known-issue catalog as the analyzer sees it. Each entry is one JSON file under
 * src/content/known-issues/, the single source read by three consumers: the Astro content
 * collection (glob loader, validated with catalog-schema.ts at build), this module (bundled by Vite
 * into the log worker, and loaded by tsx in the CLI), and the tests. Plain static imports work in
 * all of them without a generated file; tests/unit/logs/catalog.test.ts fails when a file in the
 * folder is missing here, and validates every entry with the shared schema.
 */
import type { CatalogEntry } from './types';
import connectionForciblyClosed from '../../content/known-issues/connection-forcibly-closed.json';
import dnsRemoteNameNotResolved from '../../content/known-issues/dns-remote-name-not-resolved.json';
import node8060Refused from '../../content/known-issues/node-8060-refused.json';
import nodeDnsNoEntries from '../../content/known-issues/node-dns-no-entries.json';
import proxyAuthenticationRequired from '../../content/known-issues/proxy-authentication-required.json';
import sqlLoginFailed from '../../content/known-issues/sql-login-failed.json';
import sqlNetworkRelatedError from '../../content/known-issues/sql-network-related-error.json';
import tlsTrustFailure from '../../content/known-issues/tls-trust-failure.json';

/** [file name, parsed JSON], in file-name order. */
export const CATALOG_FILES: ReadonlyArray<readonly [string, unknown]> = [
  ['connection-forcibly-closed.json', connectionForciblyClosed],
  ['dns-remote-name-not-resolved.json', dnsRemoteNameNotResolved],
  ['node-8060-refused.json', node8060Refused],
  ['node-dns-no-entries.json', nodeDnsNoEntries],
  ['proxy-authentication-required.json', proxyAuthenticationRequired],
  ['sql-login-failed.json', sqlLoginFailed],
  ['sql-network-related-error.json', sqlNetworkRelatedError],
  ['tls-trust-failure.json', tlsTrustFailure],
];

/** Validated by the catalog tests and the content collection, so the analyzer takes the shape as given. */
export const CATALOG: readonly CatalogEntry[] = CATALOG_FILES.map(([, data]) => data as CatalogEntry);
