// The header's menu, grouped so that it stays on one line at 1366×768 with every area
// allowed: the daily camera screens are direct links, the rest sit in a few menus that
// open on click (touch screens have no hover), and the signed-in user's own menu holds
// the account and sign-out. On a phone the whole menu folds into one column, groups
// shown open under their headings. Every screen stays an <a href> inside <nav>.
import { useEffect, useRef, useState } from "preact/hooks";
import { navigate } from "../router";
import { t, type MessageKey } from "../i18n";

export type NavGroup = "camera" | "movement" | "news" | "admin" | "user";

export interface NavScreen {
  path: string;
  label: MessageKey;
  group?: NavGroup; // none: a direct link on the bar
}

// "user" screens are in the user's own menu, not here.
const GROUPS: { id: NavGroup; label: MessageKey }[] = [
  { id: "camera", label: "nav.group.camera" },
  { id: "movement", label: "nav.group.movement" },
  { id: "news", label: "nav.group.news" },
  { id: "admin", label: "nav.group.admin" },
];

interface Props {
  screens: NavScreen[]; // only those the user's rights allow, in menu order
  current?: NavScreen;
  open: boolean; // the phone's folded menu
  onNavigate: () => void;
}

// While a menu is open, a click anywhere else or Escape closes it, as menus do.
function useDismiss(ref: { current: HTMLElement | null }, open: boolean, close: () => void) {
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close();
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && close();
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);
}

export function NavMenu({ screens, current, open, onNavigate }: Props) {
  const [expanded, setExpanded] = useState<NavGroup | null>(null);
  const ref = useRef<HTMLElement>(null);

  useDismiss(ref, expanded !== null, () => setExpanded(null));

  const link = (s: NavScreen) => (
    <a
      href={s.path}
      class={current === s ? "active" : ""}
      aria-current={current === s ? "page" : undefined}
      onClick={(e) => {
        e.preventDefault();
        setExpanded(null);
        onNavigate();
        navigate(s.path);
      }}
    >
      {t(s.label)}
    </a>
  );

  return (
    <nav ref={ref} class={open ? "open" : ""}>
      {screens.filter((s) => !s.group).map(link)}
      {GROUPS.map((g) => {
        const items = screens.filter((s) => s.group === g.id);
        if (items.length === 0) return null;
        // One screen in a group needs no menu.
        if (items.length === 1) return link(items[0]);
        const isOpen = expanded === g.id;
        return (
          <div class={`nav-group${isOpen ? " expanded" : ""}`} data-group={g.id}>
            <button
              type="button"
              class={items.includes(current as NavScreen) ? "active" : ""}
              aria-expanded={isOpen}
              onClick={() => setExpanded(isOpen ? null : g.id)}
            >
              {t(g.label)} ▾
            </button>
            <div class="nav-items">{items.map(link)}</div>
          </div>
        );
      })}
    </nav>
  );
}

// The signed-in user's own menu: the account screen and signing out.
export function UserMenu({ name, account, onAccount, onSignOut }: { name: string; account?: NavScreen; onAccount: () => void; onSignOut: () => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  return (
    <div ref={ref} class={`user-menu nav-group${open ? " expanded" : ""}`}>
      <button type="button" class="who" data-testid="who" aria-expanded={open} onClick={() => setOpen(!open)}>
        {name} ▾
      </button>
      <div class="nav-items">
        {account && (
          <a
            href={account.path}
            onClick={(e) => {
              e.preventDefault();
              setOpen(false);
              onAccount();
            }}
          >
            {t(account.label)}
          </a>
        )}
        <button type="button" class="signout" onClick={onSignOut}>
          {t("nav.signout")}
        </button>
      </div>
    </div>
  );
}
