import { useState } from "preact/hooks";
import { api, ApiError, type SessionInfo } from "../lib/api";
import { navigate } from "../router";
import { t } from "../i18n";

// First run: the administrator is made with the one-time token the server logged.
export function Setup(props: { onDone: (s: SessionInfo) => void }) {
  const [form, setForm] = useState({ setup_token: "", username: "admin", display_name: "", password: "" });
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const field = (k: keyof typeof form) => ({
    name: k,
    value: form[k],
    onInput: (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value }),
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      props.onDone(await api<SessionInfo>("POST", "/api/v1/setup", { ...form, setup_token: form.setup_token.trim() }));
    } catch (err) {
      const e2 = err as ApiError;
      if (e2.status === 409) {
        setError(t("setup.done"));
        navigate("/signin", true);
      } else if (e2.status === 403) setError(t("setup.badToken"));
      else setError(t("common.error", { message: e2.message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card signin" onSubmit={submit}>
      <h1>{t("setup.title")}</h1>
      <p>{t("setup.intro")}</p>
      <label>{t("setup.token")}<input {...field("setup_token")} autocomplete="off" required /></label>
      <label>{t("signin.username")}<input {...field("username")} autocomplete="username" required /></label>
      <label>{t("setup.displayName")}<input {...field("display_name")} /></label>
      <label>
        {t("signin.password")}
        <input {...field("password")} type="password" autocomplete="new-password" minLength={10} required />
        <small>{t("setup.passwordHint")}</small>
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={busy}>{t("setup.submit")}</button>
    </form>
  );
}
