/**
 * Tenth round against real texts: Service Control Manager events about services other than the
 * runtime's (7000, 7024, 7031, 7034, 7038) must not be read as the runtime's service failing, while
 * the same events naming the runtime's service still are. Each text is kept as its source prints
 * it, with its address above it; expected values were read off the text by hand.
 */
import { describe, expect, it } from 'vitest';
import { ids } from './support';

describe("Service Control Manager events of other services", () => {
  // github.com/scm-manager/scm-manager/issues/401 (event 7024, with its XML)
  const serviceSpecific = 'The scm-server service terminated with the following service-specific error: \nThe operation completed successfully.\n\n- <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n  <EventID Qualifiers="49152">7024</EventID> ';
  // github.com/winsw/winsw/issues/788 (event 7034)
  const terminated7034 = '08.02.2021 14:46:25 Service Control Manager: The XYZ service terminated unexpectedly.  It has done this 1 time(s).';
  // github.com/pgina/pgina/issues/181 (event 7031, CSV export)
  const terminated7031 = '7031,ERROR,Service Control Manager,Mon Feb 11 14:25:12 2013,No User,The pGina Service service terminated unexpectedly.  It has done this 1 time(s)';
  // github.com/cleitet/wpkg-gp/issues/118 (event 7034, the name in quotes)
  const quoted7034 = 'The "WPKG Control Service" service terminated unexpectedly. It has done this 1 time(s).';
  // github.com/pymedusa/Medusa/issues/10135 (events 7000 and 7038, tab-separated export)
  const logonFailures = [
    'Error\t11/28/2021 2:02:11 PM\tService Control Manager\t7000\tNone\t"The Medusa service failed to start due to the following error: ',
    'The service did not start due to a logon failure."',
    'Error\t11/28/2021 2:02:11 PM\tService Control Manager\t7038\tNone\t"The Medusa service was unable to log on as .\\Jason with the currently configured password due to the following error: ',
    'The user name or password is incorrect.',
  ].join('\n');

  it.each([
    ['7024', serviceSpecific],
    ['7034', terminated7034],
    ['7031', terminated7031],
    ['7034 quoted', quoted7034],
    ['7000 and 7038', logonFailures],
  ])('does not read %s of another service as the runtime service failing', (_event, text) => {
    expect(ids(text)).toEqual([]);
  });

  // The same events as they read when they name the runtime's service (its display name and its
  // service name, the wording of the texts above): these still point at it.
  it.each([
    [terminated7031.replace('pGina Service', 'Integration Runtime Service'), ['service-terminated']],
    [quoted7034.replace('WPKG Control Service', 'Integration Runtime Service'), ['service-terminated']],
    [serviceSpecific.replace('scm-server', 'DIAHostService'), ['service-terminated']],
    [logonFailures.replaceAll('Medusa', 'Integration Runtime Service'), ['service-logon-right-missing', 'service-failed-to-start']],
  ])('still reads the runtime service in %j', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });
});
