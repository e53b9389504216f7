import { useId, useState } from 'preact/hooks';
import { filesFromDrop } from './drop-files';

interface Props {
  onFiles(files: File[]): void;
  onSample(): void;
  /** The reader is about to use the widget: a good moment to load the worker. */
  onIntent(): void;
  busy: boolean;
  /** Smaller when a result is already on screen. */
  condensed: boolean;
}

export const SAMPLE_TRACE_URL = '/samples/middlebox-reset.pcapng';

export function DropZone({ onFiles, onSample, onIntent, busy, condensed }: Props) {
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (!event.dataTransfer) return;
    const files = await filesFromDrop(event.dataTransfer);
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      class={`capture-drop${dragging ? ' capture-drop--active' : ''}${condensed ? ' capture-drop--condensed' : ''}`}
      onFocusIn={onIntent}
      onPointerEnter={onIntent}
      onDragEnter={onIntent}
      onDragOver={(event) => {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid="capture-drop"
    >
      <p class="capture-drop__lead">
        <strong>Drop capture files here</strong> (.cap, .pcap, .pcapng, also gzip-compressed). Several files, or a folder of a chained set, are read as one
        trace.
      </p>
      <div class="capture-drop__actions">
        {/* The real input stays focusable (visually hidden); its label is the visible button. The
            name is on the input and the label is hidden from assistive technology, which otherwise
            read "Choose capture files, button" and then the same words again as text. */}
        <input
          id={inputId}
          class="capture-drop__input"
          type="file"
          multiple
          aria-label="Choose capture files"
          disabled={busy}
          aria-describedby={hintId}
          onChange={(event) => {
            const input = event.currentTarget;
            const files = Array.from(input.files ?? []);
            input.value = '';
            onFiles(files);
          }}
        />
        <label for={inputId} class="capture-drop__label" aria-hidden="true">
          Choose capture files
        </label>
        <button type="button" class="capture-button capture-button--quiet" onClick={onSample} disabled={busy}>
          Try the sample trace
        </button>
      </div>
      <p id={hintId} class="capture-drop__hint">
        Files are read inside this browser tab and never uploaded.
      </p>
    </div>
  );
}
