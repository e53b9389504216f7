/**
 * The XML form of a Windows event (Event Viewer's XML view, wevtutil /f:xml or /f:RenderedXml, the
 * "Event Xml:" part of a copied entry) read into the same fields as the labelled layouts.
 */
import { describe, expect, it } from 'vitest';
import { analyzeLog } from '../../../src/lib/logs/analyze-log';
import { fixture } from './support';

// github.com/scm-manager/scm-manager/issues/401, as the issue prints it (Event Viewer's XML view, "- " tree markers).
const scmServer7024 = [
  '**Event Log :** ',
  '',
  '- <Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
  '- <System>',
  '  <Provider Name="Service Control Manager" Guid="{555908d1-a6d7-4695-8e1e-26931d2012f4}" EventSourceName="Service Control Manager" /> ',
  '  <EventID Qualifiers="49152">7024</EventID> ',
  '  <Version>0</Version> ',
  '  <Level>2</Level> ',
  '  <Task>0</Task> ',
  '  <Opcode>0</Opcode> ',
  '  <Keywords>0x8080000000000000</Keywords> ',
  '  <TimeCreated SystemTime="2013-06-13T00:26:20.184797500Z" /> ',
  '  <EventRecordID>3654</EventRecordID> ',
  '  <Correlation /> ',
  '  <Execution ProcessID="496" ThreadID="736" /> ',
  '  <Channel>System</Channel> ',
  '  <Computer>MT-DEVTEST.mikanetwork.com</Computer> ',
  '  <Security /> ',
  '  </System>',
  '- <EventData>',
  '  <Data Name="param1">scm-server</Data> ',
  '  <Data Name="param2">%%0</Data> ',
  '  <Binary>730063006D002D007300650072007600650072000000</Binary> ',
  '  </EventData>',
  '  </Event>',
].join('\n');

const fields = (text: string) => analyzeLog(text).events.map(({ start: _start, end: _end, ...rest }) => rest);

describe('XML events', () => {
  it('reads provider, event id, level name, time, channel, computer and the EventData strings', () => {
    expect(fields(scmServer7024)).toEqual([
      {
        source: 'Service Control Manager',
        eventId: '7024',
        level: 'Error',
        date: '2013-06-13T00:26:20.184797500Z',
        logName: 'System',
        computer: 'MT-DEVTEST.mikanetwork.com',
        description: 'scm-server\n%%0',
      },
    ]);
  });

  it('prefers the rendered message, decodes entities, and reads two events as two', () => {
    const rendered = [
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Service Control Manager"/><EventID Qualifiers="49152">7031</EventID><Level>2</Level><Channel>System</Channel></System>',
      '<EventData><Data Name="param1">Integration Runtime Service</Data><Data Name="param2">1</Data></EventData>',
      '<RenderingInfo Culture="en-US"><Message>The Integration Runtime Service service terminated unexpectedly.  It has done this 1 time(s).</Message><Level>Error</Level></RenderingInfo></Event>',
      '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Integration Runtime"/><EventID>26</EventID><Level>3</Level></System><EventData><Data>Proxy &amp; relay &lt;down&gt;</Data></EventData></Event>',
    ].join('\n');
    expect(fields(rendered)).toEqual([
      { source: 'Service Control Manager', eventId: '7031', level: 'Error', logName: 'System', description: 'The Integration Runtime Service service terminated unexpectedly.  It has done this 1 time(s).' },
      { source: 'Integration Runtime', eventId: '26', level: 'Warning', description: 'Proxy & relay <down>' },
    ]);
  });

  it('keeps an entry copied as text with its "Event Xml:" part as one event, read from its labels', () => {
    const copied = `${fixture('event-8060-timeout.txt').trimEnd()}\nEvent Xml:\n<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n  <System>\n    <Provider Name="Integration Runtime" />\n    <EventID Qualifiers="0">26</EventID>\n  </System>\n</Event>\n`;
    const events = analyzeLog(copied).events;
    expect(events.map((event) => [event.logName, event.source, event.eventId, event.computer])).toEqual([
      ['Integration Runtime', 'Integration Runtime', '26', 'SHIR-NODE2.contoso.local'],
    ]);
    expect(events[0].description).toMatch(/^Cannot connect to worker manager/);
  });
});
