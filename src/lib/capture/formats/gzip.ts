/** gzip (RFC 1952): magic 1f 8b, then method 8 (deflate). Opened by gzip-reader.ts. */
export function sniff(head: Uint8Array): 'mine' | 'not-mine' {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8 ? 'mine' : 'not-mine';
}
