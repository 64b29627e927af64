// The shell: who is signed in, the navigation their rights allow, the current screen.
// Session expiry anywhere (a 401 from any call) comes back here: the page is kept in
// ?next= and the sign-in screen returns to it.
import { useEffect, useState } from "preact/hooks";
import { api, setCsrfToken, setUnauthenticatedHandler, type SessionInfo } from "./lib/api";
import { navigate, useLocation } from "./router";
import { NavMenu, UserMenu, type NavScreen } from "./components/nav_menu";
import { lang, setLang, t, type Lang } from "./i18n";
import { SignIn } from "./screens/signin";
import { Setup } from "./screens/setup";
import { Live } from "./screens/live";
import { Playback } from "./screens/playback";
import { Export } from "./screens/export";
import { Users } from "./screens/users";
import { Audit } from "./screens/audit";
import { Movement } from "./screens/movement";
import { Awards } from "./screens/awards";
import { Festivals } from "./screens/festivals";
import { Cameras } from "./screens/cameras";
import { Events } from "./screens/events";
import { Health } from "./screens/health";
import { Account } from "./screens/account";
import { setSiteTimeZone } from "./lib/time";
import { PublicSite, isPublicPath } from "./screens/news_public";
import { NewsEditor } from "./screens/news_editor";
import { NewsLinks } from "./screens/news_links";

interface Screen extends NavScreen {
  right: string; // "" : anyone signed in
}

// Menu order; the group says where the header shows it (components/nav_menu.tsx).
const SCREENS: Screen[] = [
  { path: "/live", label: "nav.live", right: "live.view" },
  { path: "/playback", label: "nav.playback", right: "playback" },
  { path: "/events", label: "console.nav.events", right: "camera.view" },
  { path: "/export", label: "nav.export", right: "export" },
  { path: "/health", label: "console.nav.health", right: "camera.view", group: "camera" },
  { path: "/cameras", label: "cameras.nav", right: "camera.manage", group: "camera" },
  { path: "/movement", label: "nav.movementOverview", right: "movement.read", group: "movement" },
  { path: "/awards", label: "awards.nav", right: "movement.read", group: "movement" },
  { path: "/festivals", label: "awards.navFestivals", right: "movement.read", group: "movement" },
  { path: "/news", label: "news.nav", right: "news.read", group: "news" },
  { path: "/links", label: "news.navLinks", right: "news.publish", group: "news" },
  { path: "/users", label: "nav.users", right: "user.manage", group: "admin" },
  { path: "/audit", label: "nav.audit", right: "audit.read", group: "admin" },
  { path: "/account", label: "console.nav.account", right: "", group: "user" },
];

const OPEN_PATHS = ["/signin", "/setup"];

// Dates are shown in the site's zone, which the server says ([site] time_zone); an
// unknown zone in this browser keeps the default rather than breaking every date.
async function loadSiteZone(): Promise<void> {
  try {
    const site = await api<{ time_zone?: string }>("GET", "/api/v1/site");
    if (site.time_zone) {
      new Intl.DateTimeFormat("en-GB", { timeZone: site.time_zone });
      setSiteTimeZone(site.time_zone);
    }
  } catch {
    /* keep the default zone */
  }
}

export function App() {
  const loc = useLocation();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [language, setLanguage] = useState<Lang>(lang());
  const [menuOpen, setMenuOpen] = useState(false);

  const toSignIn = (expired: boolean) => {
    setSession(null);
    setCsrfToken("");
    if (OPEN_PATHS.includes(location.pathname) || isPublicPath(location.pathname)) return;
    const next = encodeURIComponent(location.pathname + location.search);
    navigate(`/signin?next=${next}${expired ? "&expired=1" : ""}`, true);
  };

  useEffect(() => {
    setUnauthenticatedHandler(() => toSignIn(true));
    (async () => {
      try {
        const setup = await api<{ needed: boolean }>("GET", "/api/v1/setup");
        if (setup.needed && !isPublicPath(location.pathname)) {
          setSession(null);
          navigate("/setup", true);
          return;
        }
      } catch {
        /* the session check below reports */
      }
      try {
        const s = await api<SessionInfo>("GET", "/api/v1/session");
        setCsrfToken(s.csrf_token ?? "");
        await loadSiteZone();
        setSession(s);
      } catch {
        toSignIn(false);
      }
    })();
  }, []);

  const signedIn = async (s: SessionInfo) => {
    setCsrfToken(s.csrf_token ?? "");
    await loadSiteZone();
    setSession(s);
    const next = new URLSearchParams(location.search).get("next");
    // Only a path of this site: never an absolute URL from the query (open redirect).
    navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : "/", true);
  };

  const signOut = async () => {
    try {
      await api("DELETE", "/api/v1/session");
    } finally {
      setSession(null);
      navigate("/signin", true);
    }
  };

  const changeLang = (l: Lang) => {
    setLang(l);
    setLanguage(l);
  };

  const langSwitch = (
    <select class="lang" aria-label="Language" value={language} onChange={(e) => changeLang((e.target as HTMLSelectElement).value as Lang)}>
      <option value="vi">{t("lang.vi")}</option>
      <option value="en">{t("lang.en")}</option>
    </select>
  );

  if (isPublicPath(loc.path)) return <div key={language}><PublicSite path={loc.path} query={loc.query} langSwitch={langSwitch} /></div>;
  if (loc.path === "/setup") return <div key={language} class="center-page">{langSwitch}<Setup onDone={signedIn} /></div>;
  if (loc.path === "/signin" || session === null) {
    return (
      <div key={language} class="center-page">
        {langSwitch}
        <SignIn onSignedIn={signedIn} expired={loc.query.get("expired") === "1"} />
      </div>
    );
  }
  if (session === undefined) return <p class="loading">{t("common.loading")}</p>;

  const rights = new Set(session.user.rights);
  const allowed = SCREENS.filter((s) => s.right === "" || rights.has(s.right));
  const current = allowed.find((s) => loc.path === s.path || loc.path.startsWith(s.path + "/"));
  if (!current) {
    if (allowed.length > 0 && loc.path !== allowed[0].path) queueMicrotask(() => navigate(allowed[0].path, true));
  }

  return (
    <div key={language} class="shell">
      <header class="topbar">
        <button class="menu-toggle" aria-label={t("nav.menu")} onClick={() => setMenuOpen(!menuOpen)}>☰</button>
        <span class="brand">{t("app.name")}</span>
        <NavMenu screens={allowed} current={current} open={menuOpen} onNavigate={() => setMenuOpen(false)} />
        {langSwitch}
        <UserMenu
          name={session.user.display_name || session.user.username}
          account={allowed.find((s) => s.path === "/account")}
          onAccount={() => {
            setMenuOpen(false);
            navigate("/account");
          }}
          onSignOut={signOut}
        />
      </header>
      <main>
        {current?.path === "/live" && <Live rights={rights} />}
        {current?.path === "/playback" && <Playback rights={rights} />}
        {current?.path === "/export" && <Export />}
        {current?.path === "/users" && <Users />}
        {current?.path === "/audit" && <Audit />}
        {current?.path === "/movement" && <Movement session={session} />}
        {current?.path === "/awards" && <Awards />}
        {current?.path === "/festivals" && <Festivals />}
        {current?.path === "/cameras" && <Cameras />}
        {current?.path === "/events" && <Events rights={rights} />}
        {current?.path === "/health" && <Health rights={rights} />}
        {current?.path === "/account" && <Account session={session} onChanged={() => api<SessionInfo>("GET", "/api/v1/session").then(setSession, () => {})} />}
        {current?.path === "/news" && <NewsEditor rights={rights} />}
        {current?.path === "/links" && <NewsLinks />}
      </main>
    </div>
  );
}
