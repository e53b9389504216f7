import { useId } from 'preact/hooks';
import type { AnalyzeProgress } from '../../lib/capture/report';
import { formatBytes, formatCount, formatDuration } from './format';

interface Props {
  progress: AnalyzeProgress | null;
  /** Size of the files, shown until the engine's first progress report says more. */
  filesBytes: number;
  startedAt: number;
  cancelRequested: boolean;
  onCancel(): void;
}

export function ProgressPanel({ progress, filesBytes, startedAt, cancelRequested, onCancel }: Props) {
  const labelId = useId();
  const bytesDone = progress?.bytesDone ?? 0;
  const bytesTotal = progress?.bytesTotal ?? filesBytes;
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const rate = elapsedSeconds > 0.2 ? bytesDone / elapsedSeconds : 0;
  const secondsLeft = rate > 0 ? (bytesTotal - bytesDone) / rate : Number.NaN;
  return (
    <div class="capture-progress" data-testid="capture-progress">
      <p id={labelId} class="capture-progress__label">
        {cancelRequested ? 'Stopping…' : 'Analysing…'}
      </p>
      <progress aria-labelledby={labelId} max={bytesTotal || 1} value={bytesDone} />
      <p class="capture-progress__numbers">
        {formatBytes(bytesDone)} of {formatBytes(bytesTotal)} · {formatCount(progress?.packets ?? 0)} packets
        {rate > 0 && ` · ${formatBytes(rate)}/s · ${formatDuration(secondsLeft)} left`}
      </p>
      <button type="button" class="capture-button" onClick={onCancel} disabled={cancelRequested}>
        Cancel
      </button>
    </div>
  );
}
