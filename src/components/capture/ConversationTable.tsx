/**
 * The conversations table: sortable by every column, virtualised so 100,000 rows scroll smoothly.
 * Only the rows in view exist in the DOM; spacer rows above and below keep the scroll height and
 * the real <table> semantics (aria-rowcount/aria-rowindex tell assistive technology the full size).
 */
import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import type { Conversation } from '../../lib/capture/report';
import type { Concern } from '../../lib/capture/report-words';
import { countOf, formatCount, stateLabel, stateParts } from './format';
import { ScrollRegion } from './ScrollRegion';
import { remInPixels, useElementWidth } from './use-element-width';
import './capture-table.css';

/** Must equal the row height in capture.css: rows are not measured, which keeps 100k rows cheap. */
const ROW_HEIGHT = 36;

type SortKey = 'id' | 'client' | 'server' | 'state' | 'packets' | 'bytes' | 'synRetransmits';

interface Column {
  key: SortKey;
  label: string;
  numeric: boolean;
  /** Fixed widths (rows are never measured): what the header and a usual value need. */
  widthRem: number;
  /** Columns without it always show; the others, lowest first, give way in a narrow guide column. */
  dropOrder?: number;
  /** The client with the server on a second line: one column instead of two on a phone. */
  withServer?: boolean;
  /** The state with its sender on a second line, so "(server)" is never cut off. */
  stacked?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'id', label: '#', numeric: true, widthRem: 3.75 },
  { key: 'client', label: 'Client', numeric: false, widthRem: 10.5 },
  { key: 'server', label: 'Server', numeric: false, widthRem: 11.5 },
  { key: 'state', label: 'State', numeric: false, widthRem: 9.5 },
  { key: 'packets', label: 'Packets', numeric: true, widthRem: 6, dropOrder: 3 },
  { key: 'bytes', label: 'Bytes', numeric: true, widthRem: 6, dropOrder: 1 },
  { key: 'synRetransmits', label: 'SYN retries', numeric: true, widthRem: 8.5, dropOrder: 2 },
];

/** On a phone even the four columns that always show are twice the screen's width. */
const PHONE_COLUMNS: Column[] = [
  { key: 'id', label: '#', numeric: true, widthRem: 3.25 },
  { key: 'client', label: 'Client → server', numeric: false, widthRem: 10.25, withServer: true },
  { key: 'state', label: 'State', numeric: false, widthRem: 6.5, stacked: true },
];

/**
 * The columns that fit `widthPx` without sideways scrolling: at 1280 px the guide's column holds
 * about 36rem, and a table cut at the right hid the state of each conversation. What gives way is
 * shown for the selected conversation and in the Packets cell's title.
 */
function columnsFitting(widthPx: number, remPx: number): Column[] {
  const essentials = COLUMNS.filter((column) => column.dropOrder === undefined);
  if (essentials.reduce((sum, column) => sum + column.widthRem * remPx, 0) > widthPx) return PHONE_COLUMNS;
  const shown = [...COLUMNS];
  const width = () => shown.reduce((sum, column) => sum + column.widthRem * remPx, 0);
  const droppable = COLUMNS.filter((column) => column.dropOrder !== undefined).sort((left, right) => left.dropOrder! - right.dropOrder!);
  for (const column of droppable) {
    if (width() <= widthPx) break;
    shown.splice(shown.indexOf(column), 1);
  }
  return shown;
}

function cellText(conversation: Conversation, key: SortKey, tlsRefused: ReadonlySet<number>): string {
  switch (key) {
    case 'state':
      return stateLabel(conversation, tlsRefused.has(conversation.id));
    case 'packets':
    case 'bytes':
      return formatCount(conversation[key]);
    default:
      return String(conversation[key]);
  }
}

/**
 * "192.168.0.101:51425" whose address gives way before its port, and from its start: the port and
 * the address's end are what tell one connection from the next (cut at the end, servers .63 and
 * .68 both read "192.168.1…:443"), while the start is the prefix a trace's addresses share.
 */
function Endpoint({ text, prefix = '', children }: { text: string; prefix?: string; children?: ComponentChildren }) {
  const colon = text.lastIndexOf(':');
  return (
    <span class="capture-table__endpoint">
      {prefix}
      <span class="capture-table__endpoint-address">
        <bdi>{colon > 0 ? text.slice(0, colon) : text}</bdi>
      </span>
      {colon > 0 && <span class="capture-table__endpoint-port">{text.slice(colon)}</span>}
      {children}
    </span>
  );
}

/** Everything about a row in words, for its title: what a narrow table leaves out. */
function rowTitle(conversation: Conversation): string {
  return `${countOf(conversation.packets, 'packet')}, ${countOf(conversation.bytes, 'byte')}, ${countOf(conversation.synRetransmits, 'SYN retransmission')}`;
}

interface Props {
  conversations: Conversation[];
  selectedId: number | null;
  onSelect(conversationId: number): void;
  /** False where no conversation view follows (the compact analyzer): rows are then plain, not buttons. */
  selectable: boolean;
  /** How each conversation's ending reads (report-words): the State column takes its colour from it. */
  concerns: ReadonlyMap<number, Concern>;
  /** Conversations a fatal TLS alert refused (tlsRefusedIds): their State names it. */
  tlsRefused: ReadonlySet<number>;
  /** Visible height in rows. */
  visibleRows: number;
  caption: string;
}

const collator = new Intl.Collator('en', { numeric: true });

function compare(left: Conversation, right: Conversation, key: SortKey, tlsRefused: ReadonlySet<number>): number {
  // State sorts as shown, so the resets by a path device sit together.
  const a = key === 'state' ? stateLabel(left, tlsRefused.has(left.id)) : left[key];
  const b = key === 'state' ? stateLabel(right, tlsRefused.has(right.id)) : right[key];
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a ?? ''), String(b ?? ''));
}

export function ConversationTable({ conversations, selectedId, onSelect, selectable, concerns, tlsRefused, visibleRows, caption }: Props) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'id', descending: false });
  const scrollElement = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  const pendingFocus = useRef<number | null>(null);
  /** The one row button reached with Tab (a roving tab stop); arrow keys move it. */
  const [activeIndex, setActiveIndex] = useState(0);
  const regionWidth = useElementWidth(scrollElement);
  const columns = useMemo(() => (regionWidth === null ? COLUMNS : columnsFitting(regionWidth, remInPixels())), [regionWidth]);

  const rows = useMemo(() => {
    const sorted = [...conversations].sort((left, right) => compare(left, right, sort.key, tlsRefused) || left.id - right.id);
    return sort.descending ? sorted.reverse() : sorted;
  }, [conversations, sort, tlsRefused]);

  const virtualizer = useMemo(
    () =>
      new Virtualizer<HTMLDivElement, HTMLTableRowElement>({
        count: 0,
        getScrollElement: () => scrollElement.current,
        estimateSize: () => ROW_HEIGHT,
        scrollToFn: elementScroll,
        observeElementRect,
        observeElementOffset,
        overscan: 8,
        onChange: () => rerender(0),
      }),
    [],
  );
  virtualizer.setOptions({ ...virtualizer.options, count: rows.length });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const target = scrollElement.current?.querySelector<HTMLButtonElement>(`[data-row-index="${pendingFocus.current}"]`);
    if (target) {
      target.focus();
      pendingFocus.current = null;
    }
  });

  const moveFocus = (index: number) => {
    const bounded = Math.max(0, Math.min(rows.length - 1, index));
    pendingFocus.current = bounded;
    virtualizer.scrollToIndex(bounded, { align: 'auto' });
    rerender(0);
  };

  const onRowKey = (event: KeyboardEvent, index: number) => {
    const page = Math.max(1, visibleRows - 1);
    const targets: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: rows.length - 1 };
    if (event.key in targets) {
      event.preventDefault();
      moveFocus(targets[event.key]);
    }
  };

  const items = virtualizer.getVirtualItems();
  const topSpace = items.length > 0 ? items[0].start : 0;
  const bottomSpace = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  // When the tab stop's row has scrolled out (and out of the DOM), the first row drawn takes it.
  const tabStop = items.some((item) => item.index === activeIndex) ? activeIndex : (items[0]?.index ?? 0);

  return (
    <ScrollRegion class="capture-table-scroll" scrollRef={scrollElement} label={`${caption}, scrollable`} style={{ maxHeight: `${(visibleRows + 1) * ROW_HEIGHT}px` }}>
      <table class="capture-table" aria-rowcount={rows.length + 1} data-testid="capture-conversations">
        <caption class="sr-only">{caption}. Use the column buttons to sort{selectable ? '; in a row, arrow keys move between rows' : ''}.</caption>
        <colgroup>
          {/* On a phone the client → server cell takes what the others leave: at 320 px (400% zoom) the
              three fixed widths were 52 px wider than the column and cut the State off. */}
          {columns.map((column) => (
            <col key={column.key} style={column.withServer ? undefined : { width: `${column.widthRem}rem` }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => {
              const active = sort.key === column.key;
              return (
                <th key={column.key} scope="col" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'} class={column.numeric ? 'capture-numeric' : undefined}>
                  <button
                    type="button"
                    class="capture-sort"
                    onClick={() => setSort({ key: column.key, descending: active ? !sort.descending : column.numeric })}
                  >
                    {column.label}
                    <span aria-hidden="true" class="capture-sort__arrow">
                      {active ? (sort.descending ? '▼' : '▲') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {topSpace > 0 && (
            <tr aria-hidden="true" class="capture-spacer">
              <td colSpan={columns.length} style={{ height: `${topSpace}px` }} />
            </tr>
          )}
          {items.map((item) => {
            const conversation = rows[item.index];
            const selected = selectable && conversation.id === selectedId;
            const names = (
              <>
                {conversation.proxyTarget && <span class="capture-table__sni"> → {conversation.proxyTarget}</span>}
                {conversation.tlsServerName && <span class="capture-table__sni"> {conversation.tlsServerName}</span>}
              </>
            );
            const server = (
              <>
                {conversation.server}
                {names}
              </>
            );
            const serverTitle = [conversation.server, conversation.proxyTarget && `→ ${conversation.proxyTarget}`, conversation.tlsServerName].filter(Boolean).join(' ');
            return (
              <tr key={conversation.id} aria-rowindex={item.index + 2} class={selected ? 'capture-row--selected' : undefined} data-state={conversation.state} data-concern={concerns.get(conversation.id) ?? undefined}>
                {columns.map((column) => {
                  if (column.key === 'id' && !selectable) {
                    return (
                      <td key={column.key} class="capture-numeric">
                        {conversation.id}
                      </td>
                    );
                  }
                  if (column.key === 'id') {
                    return (
                      <td key={column.key} class="capture-numeric">
                        <button
                          type="button"
                          class="capture-row-button"
                          data-row-index={item.index}
                          tabIndex={item.index === tabStop ? 0 : -1}
                          aria-pressed={selected}
                          aria-label={`Conversation ${conversation.id}: ${conversation.client} to ${conversation.server}, ${stateLabel(conversation, tlsRefused.has(conversation.id))}`}
                          onClick={() => onSelect(conversation.id)}
                          onFocus={() => setActiveIndex(item.index)}
                          onKeyDown={(event) => onRowKey(event, item.index)}
                        >
                          {conversation.id}
                        </button>
                      </td>
                    );
                  }
                  if (column.key === 'server') {
                    return (
                      <td key={column.key} title={serverTitle}>
                        {server}
                      </td>
                    );
                  }
                  if (column.withServer) {
                    return (
                      <td key={column.key} class="capture-table__pair" title={`${conversation.client} → ${serverTitle}`}>
                        <Endpoint text={conversation.client} />
                        <Endpoint text={conversation.server} prefix={'→\u00a0'}>
                          {names}
                        </Endpoint>
                      </td>
                    );
                  }
                  const text = cellText(conversation, column.key, tlsRefused);
                  if (column.stacked) {
                    const { words, side } = stateParts(conversation, tlsRefused.has(conversation.id));
                    return (
                      <td key={column.key} class="capture-table__state capture-table__pair" title={text} data-testid="capture-state">
                        <span>{words}</span>
                        {side && <span>{side}</span>}
                      </td>
                    );
                  }
                  return (
                    <td key={column.key} class={column.numeric ? 'capture-numeric' : column.key === 'state' ? 'capture-table__state' : undefined}
                      title={column.key === 'packets' ? rowTitle(conversation) : text}
                      data-testid={column.key === 'state' ? 'capture-state' : undefined}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {bottomSpace > 0 && (
            <tr aria-hidden="true" class="capture-spacer">
              <td colSpan={columns.length} style={{ height: `${bottomSpace}px` }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && <p class="capture-table__empty">No conversation matches.</p>}
    </ScrollRegion>
  );
}
