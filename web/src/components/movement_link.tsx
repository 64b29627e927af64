import { navigate } from "../router";

// A link inside the console (history navigation, still a real href for a new tab).
export function Link(props: { href: string; children: any; testid?: string; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      data-testid={props.testid}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
