import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type UserRow } from "../lib/api";
import { matches, compareVi } from "../lib/text";
import { formatDateTime } from "../lib/time";
import { hasKey, t } from "../i18n";

const roleLabel = (r: string) => (hasKey(`role.${r}`) ? t(`role.${r}` as any) : r);
const splitAreas = (s: string) => s.split(",").map((a) => a.trim()).filter(Boolean);

interface Draft {
  username: string;
  display_name: string;
  role: string;
  areas: string;
  password: string;
  disabled: boolean;
}

const EMPTY: Draft = { username: "", display_name: "", role: "viewer", areas: "", password: "", disabled: false };

// Accounts and their village assignments (docs/design/0006-access.md): the server checks
// every right; this screen only edits.
export function Users() {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [roles, setRoles] = useState<string[]>([]);
  const [filter, setFilter] = useState("");
  const [editing, setEditing] = useState<number | "new" | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [message, setMessage] = useState("");
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  const load = () => api<{ users: UserRow[] }>("GET", "/api/v1/users").then((r) => setUsers(r.users.slice().sort((a, b) => compareVi(a.username, b.username))));
  useEffect(() => {
    load().catch((e) => setError({ message: (e as Error).message }));
    api<{ roles: { name: string }[] }>("GET", "/api/v1/roles").then((r) => setRoles(r.roles.map((x) => x.name)), () => {});
  }, []);

  const edit = (u: UserRow | null) => {
    setError(null);
    setMessage("");
    if (!u) {
      setEditing("new");
      setDraft(EMPTY);
    } else {
      setEditing(u.id);
      setDraft({ username: u.username, display_name: u.display_name, role: u.role, areas: u.areas.join(", "), password: "", disabled: u.disabled });
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      if (editing === "new") {
        await api("POST", "/api/v1/users", {
          username: draft.username.trim(),
          display_name: draft.display_name.trim(),
          role: draft.role,
          areas: splitAreas(draft.areas),
          password: draft.password,
        });
        setMessage(t("users.created", { name: draft.username }));
      } else if (editing !== null) {
        const body: Record<string, unknown> = { display_name: draft.display_name.trim(), role: draft.role, areas: splitAreas(draft.areas), disabled: draft.disabled };
        if (draft.password) body.password = draft.password;
        await api("PATCH", `/api/v1/users/${editing}`, body);
        setMessage(t("users.saved"));
      }
      setEditing(null);
      await load();
    } catch (err) {
      const e2 = err as ApiError;
      setError({ message: e2.message, field: e2.field });
    }
  };

  const remove = async (u: UserRow) => {
    if (!confirm(t("users.confirmDelete", { name: u.username }))) return;
    try {
      await api("DELETE", `/api/v1/users/${u.id}`);
      await load();
    } catch (err) {
      setError({ message: (err as Error).message });
    }
  };
  const unlock = async (u: UserRow) => {
    await api("PATCH", `/api/v1/users/${u.id}`, { unlock: true }).catch((err) => setError({ message: (err as Error).message }));
    await load();
  };
  const set = (k: keyof Draft) => (e: Event) => {
    const el = e.target as HTMLInputElement;
    setDraft({ ...draft, [k]: el.type === "checkbox" ? el.checked : el.value });
  };
  const bad = (f: string) => (error?.field === f ? "invalid" : "");

  return (
    <section class="users-screen">
      <h1>{t("users.title")}</h1>
      <div class="toolbar">
        <input type="search" class="filter" placeholder={t("common.search")} value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
        <button class="primary" onClick={() => edit(null)}>{t("users.create")}</button>
      </div>
      {message && <p class="ok" role="status">{message}</p>}
      {error && <p class="error" role="alert">{error.message}</p>}
      {editing !== null && (
        <form class="card form-grid" onSubmit={save} data-testid="user-form">
          <label class={bad("username")}>
            {t("users.username")}
            <input name="username" value={draft.username} onInput={set("username")} disabled={editing !== "new"} required />
          </label>
          <label class={bad("display_name")}>
            {t("users.displayName")}
            <input name="display_name" value={draft.display_name} onInput={set("display_name")} />
          </label>
          <label class={bad("role")}>
            {t("users.role")}
            <select name="role" value={draft.role} onChange={set("role")}>
              {roles.map((r) => <option value={r}>{roleLabel(r)}</option>)}
            </select>
          </label>
          <label class={bad("areas")}>
            {t("users.areas")}
            <input name="areas" value={draft.areas} onInput={set("areas")} placeholder={t("users.areasHint")} />
          </label>
          <label class={bad("password")}>
            {editing === "new" ? t("users.password") : t("users.newPassword")}
            <input name="password" type="password" autocomplete="new-password" value={draft.password} onInput={set("password")} required={editing === "new"} />
          </label>
          {editing !== "new" && (
            <label class="inline">
              <input type="checkbox" name="disabled" checked={draft.disabled} onChange={set("disabled")} /> {t("users.disabled")}
            </label>
          )}
          <span>
            <button type="submit" class="primary">{t("common.save")}</button> <button type="button" onClick={() => setEditing(null)}>{t("common.cancel")}</button>
          </span>
        </form>
      )}
      <table class="list">
        <thead>
          <tr><th>{t("users.username")}</th><th>{t("users.displayName")}</th><th>{t("users.role")}</th><th>{t("users.areas")}</th><th>{t("users.status")}</th><th></th></tr>
        </thead>
        <tbody>
          {users.filter((u) => matches(filter, u.username, u.display_name, u.role, u.areas.join(" "))).map((u) => (
            <tr data-user={u.username}>
              <td>{u.username}</td>
              <td>{u.display_name}</td>
              <td>{roleLabel(u.role)}</td>
              <td>{u.areas.join(", ")}</td>
              <td>
                {u.disabled ? t("users.disabled") : u.locked_until ? `${t("users.locked")} (${formatDateTime(Date.parse(u.locked_until))})` : t("users.active")}
                {u.locked_until && <button onClick={() => unlock(u)}>{t("users.unlock")}</button>}
              </td>
              <td>
                <button onClick={() => edit(u)}>{t("common.edit")}</button> <button onClick={() => remove(u)}>{t("common.delete")}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
