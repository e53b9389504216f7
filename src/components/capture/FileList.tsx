import type { FileSummary } from '../../lib/capture/report';
import { countOf, formatBytes } from './format';
import type { DetectedFile } from './worker-client';

interface Props {
  detected: DetectedFile[];
  /** Per-file results once the analysis has run. */
  summaries?: FileSummary[];
}

/**
 * Each file with the format recognised from its first bytes, shown before analysis starts. Once
 * two or more gave packets, a line says how they were joined: a customer who picked a chained
 * Network Monitor set (name.cap, name(1).cap, …) in any order should not wonder whether the
 * frame numbers follow the order of the list.
 */
export function FileList({ detected, summaries }: Props) {
  const joined = summaries?.filter((summary) => summary.packets > 0).length ?? 0;
  return (
    <>
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
      {joined > 1 && (
        <p class="capture-files__joined" data-testid="capture-files-joined">
          Read as one trace: the packets of these {joined} files are put in time order, whatever order the files were given in, and numbered from 1.
        </p>
      )}
    </>
  );
}
