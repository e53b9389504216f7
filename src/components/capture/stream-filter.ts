/**
 * The conversation filter that keeps exactly the given conversations, in the filter box's own
 * language, so a finding's "show them all" reads in the box (and in a copied link) as if typed.
 */

/**
 * `tcp.stream in {0 2..4 9}`: runs of three or more ids become ranges, so the 500 ids a finding may
 * list stay short enough to read in the box and to send as a link.
 */
export function streamFilter(conversationIds: readonly number[]): string {
  const ids = [...new Set(conversationIds)].sort((left, right) => left - right);
  const parts: string[] = [];
  for (let start = 0; start < ids.length; ) {
    let end = start;
    while (end + 1 < ids.length && ids[end + 1] === ids[end] + 1) end++;
    if (end - start >= 2) parts.push(`${ids[start]}..${ids[end]}`);
    else parts.push(...ids.slice(start, end + 1).map(String));
    start = end + 1;
  }
  return `tcp.stream in {${parts.join(' ')}}`;
}
