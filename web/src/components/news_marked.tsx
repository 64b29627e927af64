// A search result's title or snippet: runs of the original text, the matched words marked.
// Rendered as text nodes (never as HTML), so nothing in a record can become markup.
export interface MarkedPart {
  text: string;
  hit: boolean;
}

export function Marked({ parts }: { parts: MarkedPart[] }) {
  return <>{parts.map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</>;
}
