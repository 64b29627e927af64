import { useState } from "preact/hooks";
import { api, ApiError, type SessionInfo } from "../lib/api";
import { t } from "../i18n";

export function SignIn(props: { onSignedIn: (s: SessionInfo) => void; expired: boolean }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState(props.expired ? t("signin.expired") : "");
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const body: Record<string, string> = { username: username.trim(), password };
      if (needTotp) body.totp = totp.trim();
      props.onSignedIn(await api<SessionInfo>("POST", "/api/v1/session", body));
    } catch (err) {
      const e2 = err as ApiError;
      if (e2.code === "totp_required") {
        setNeedTotp(true);
        setError(t("signin.totpNeeded"));
      } else if (e2.code === "locked") {
        const m = /(\d+)/.exec(e2.message);
        setError(t("signin.locked", { seconds: m ? m[1] : "60" }));
      } else if (e2.status === 403) {
        setError(t("signin.disabled"));
      } else if (e2.status === 401) {
        setError(t("signin.wrong"));
      } else {
        setError(t("common.error", { message: e2.message }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card signin" onSubmit={submit}>
      <h1>{t("signin.title")}</h1>
      <label>
        {t("signin.username")}
        <input name="username" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} required />
      </label>
      <label>
        {t("signin.password")}
        <input name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} required />
      </label>
      {needTotp && (
        <label>
          {t("signin.totp")}
          <input name="totp" inputMode="numeric" autocomplete="one-time-code" value={totp} onInput={(e) => setTotp((e.target as HTMLInputElement).value)} />
        </label>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={busy}>{t("signin.submit")}</button>
    </form>
  );
}
