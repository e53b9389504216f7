/**
 * Links from the top of a result to its sections. The findings come first, each with its own
 * links and buttons: on a port scan that was some thirty Tab stops before the conversation filter.
 * These let a keyboard user pass them in two, and show everyone how far the result goes.
 */
export interface ResultSection {
  /** Id of the section, which takes focus (it has tabIndex -1). */
  id: string;
  label: string;
}

interface Props {
  sections: ResultSection[];
  /** Brings the section into view below the page's header and focuses it, so Tab goes on from there. */
  onGo(sectionId: string): void;
}

export function ResultNav({ sections, onGo }: Props) {
  if (sections.length === 0) return null;
  return (
    <nav class="capture-result-nav" aria-label="Result sections" data-testid="capture-result-nav">
      <span class="capture-result-nav__lead">Skip to:</span>
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            {/* A link, as it goes to a place on the page; the page's address keeps no fragment, since these ids live only as long as this result. */}
            <a
              href={`#${section.id}`}
              onClick={(event) => {
                event.preventDefault();
                onGo(section.id);
              }}
            >
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
