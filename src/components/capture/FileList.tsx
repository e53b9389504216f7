import type { FileSummary } from '../../lib/capture/report';
import { countOf, formatBytes } from './format';
import type { DetectedFile } from './worker-client';

interface Props {
  detected: DetectedFile[];
  /** Per-file results once the analysis has run. */
  summaries?: FileSummary[];
}

/** Each file with the format recognised from its first bytes, shown before analysis starts. */
export function FileList({ detected, summaries }: Props) {
  return (
    <ul class="capture-files" aria-label="Files">
      {detected.map((file, index) => {
        const summary = summaries?.find((candidate) => candidate.name === file.name);
        return (
          <li key={`${file.name}-${index}`} class={file.detection.supported ? undefined : 'capture-files__unsupported'}>
            <span class="capture-files__name">{file.name}</span>{' '}
            <span class="capture-files__format" data-testid="capture-format">
              {file.detection.label}
            </span>{' '}
            <span class="capture-files__size">{formatBytes(file.size)}</span>
            {summary && <span class="capture-files__packets"> · {countOf(summary.packets, 'packet')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
