import type { Ref } from 'preact';
import { useId, useState } from 'preact/hooks';
import type { FilterProblem } from '../../lib/filter';
import { countOf, formatCount } from './format';
import './capture-table.css';

interface Props {
  value: string;
  onInput(value: string): void;
  problem: FilterProblem | null;
  matched: number;
  total: number;
  /** The input, which takes focus when a finding narrows the table to its conversations. */
  inputRef?: Ref<HTMLInputElement>;
}

/** The filter input; a rejected expression is echoed with a caret under the offending characters. */
export function FilterBox({ value, onInput, problem, matched, total, inputRef }: Props) {
  const [linkStatus, setLinkStatus] = useState('');
  // The address already carries the filter (the analyzer keeps ?filter= in step), so the link is the address.
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      setLinkStatus('Link copied. It opens this page with the filter filled in; the recipient picks the capture there.');
    } catch {
      setLinkStatus('The browser refused clipboard access; copy the address bar instead, which holds the filter.');
    }
  };
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  const countId = useId();
  return (
    <div class="capture-filter">
      <label for={inputId}>Filter conversations</label>
      <input
        id={inputId}
        ref={inputRef}
        type="text"
        spellcheck={false}
        autoComplete="off"
        autoCapitalize="off"
        value={value}
        placeholder="ip.addr == 10.0.0.5 && tcp.port == 8060"
        aria-invalid={problem !== null}
        aria-describedby={`${problem ? `${errorId} ` : ''}${countId} ${helpId}`}
        onInput={(event) => onInput(event.currentTarget.value)}
        data-testid="capture-filter"
      />
      {problem && (
        <div id={errorId} class="capture-filter__error" data-testid="capture-filter-error">
          <pre aria-hidden="true">
            {value}
            {'\n'}
            {' '.repeat(problem.start)}
            {'^'.repeat(Math.max(1, Math.min(problem.length, value.length - problem.start || 1)))}
          </pre>
          <p>
            Column {problem.start + 1}: {problem.message}
          </p>
        </div>
      )}
      <p id={countId} class="capture-filter__count" aria-live="polite">
        {problem ? 'Filter not applied.' : value.trim() ? `${formatCount(matched)} of ${countOf(total, 'conversation')} match.` : `${countOf(total, 'conversation')}.`}
      </p>
      {value.trim() && !problem && (
        <p class="capture-filter__share">
          <button type="button" class="capture-link-button" onClick={copyLink}>
            Copy a link with this filter
          </button>{' '}
          <span role="status">{linkStatus}</span>
        </p>
      )}
      <details class="capture-filter__help">
        <summary>Filter syntax</summary>
        <div id={helpId}>
          <p>
            Network Monitor or Wireshark style: <code>IPv4.Address == 8.8.8.8</code>, <code>TCP.Port == 8060</code>, <code>ip.src == 10.0.0.5</code>,{' '}
            <code>ipv6.addr == 2001:db8::1</code>, <code>tcp.dstport in {'{443 8060}'}</code>, <code>tcp.flags.reset == 1</code>,{' '}
            <code>tcp.flags.syn == 1</code> (also <code>fin</code>, <code>ack</code>, <code>push</code>, <code>urg</code>, <code>ece</code>, <code>cwr</code>),{' '}
            <code>tcp.analysis.retransmission</code>, <code>tls.handshake.extensions_server_name contains "servicebus"</code> (names in quotes,
            any case), <code>tls.alert_message</code> (a TLS alert in plaintext; <code>tls.alert_message.desc == 48</code> by its number), and for tunnels through a proxy <code>http.request.uri contains "clouddatahub"</code> and{' '}
            <code>http.response.code == 407</code>. Combine with <code>&&</code>/<code>and</code>, <code>||</code>/
            <code>or</code>, <code>!</code>/<code>not</code> and parentheses; compare with <code>==</code>/<code>eq</code> or <code>!=</code>/<code>ne</code>.
          </p>
          <p>A conversation matches when any of its packets does; <code>!=</code> keeps only conversations where no packet has that value.</p>
        </div>
      </details>
    </div>
  );
}
