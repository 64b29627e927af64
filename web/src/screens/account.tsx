import { useEffect, useState } from "preact/hooks";
import { api, ApiError, type SessionInfo } from "../lib/api";
import { formatDateTime } from "../lib/time";
import { t } from "../i18n";
import "../styles/console.css";

interface Token {
  id: number;
  name: string;
  revoked: boolean;
  created_at: string;
  expires_at?: string;
}

// The signed-in person's own account: change password (other sessions end), turn the
// second factor (TOTP) on with a code from the authenticator app or off with the password,
// and API tokens for scripts (the secret shown once).
export function Account(props: { session: SessionInfo; onChanged: () => void }) {
  return (
    <section class="account-screen">
      <h1>{t("console.acc.title", { name: props.session.user.display_name || props.session.user.username })}</h1>
      <Password />
      <Totp on={!!props.session.user.totp} onChanged={props.onChanged} />
      <Tokens />
    </section>
  );
}

function errorText(e: unknown): string {
  if (e instanceof ApiError && e.code === "permission_denied") return t("console.acc.wrongPassword");
  return t("common.error", { message: (e as Error).message });
}

function Password() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [msg, setMsg] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    setMsg("");
    if (next !== again) {
      setError(t("console.acc.mismatch"));
      return;
    }
    try {
      await api("POST", "/api/v1/session/password", { current, new: next });
      setCurrent("");
      setNext("");
      setAgain("");
      setError("");
      setMsg(t("console.acc.passwordChanged"));
    } catch (x) {
      setError(errorText(x));
    }
  };
  return (
    <form class="card form-grid" onSubmit={submit} data-testid="password-form">
      <h2>{t("console.acc.password")}</h2>
      <label>
        {t("console.acc.current")}
        <input type="password" name="current" autocomplete="current-password" value={current} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t("console.acc.new")}
        <input type="password" name="new" autocomplete="new-password" minLength={10} value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        {t("console.acc.again")}
        <input type="password" name="again" autocomplete="new-password" value={again} onInput={(e) => setAgain((e.target as HTMLInputElement).value)} />
      </label>
      <button class="primary" type="submit">{t("common.save")}</button>
      {msg && <p class="ok" data-testid="password-ok">{msg}</p>}
      {error && <p class="error">{error}</p>}
    </form>
  );
}

function Totp(props: { on: boolean; onChanged: () => void }) {
  const [secret, setSecret] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [msg, setMsg] = useState("");
  const [error, setError] = useState("");
  const start = async () => {
    setError("");
    try {
      setSecret(await api<{ secret: string; uri: string }>("POST", "/api/v1/session/totp/secret"));
    } catch (x) {
      setError(errorText(x));
    }
  };
  const confirm = async () => {
    if (!secret) return;
    try {
      await api("POST", "/api/v1/session/totp", { secret: secret.secret, code: code.trim() });
      setSecret(null);
      setCode("");
      setError("");
      setMsg(t("console.acc.totpOn"));
      props.onChanged();
    } catch (x) {
      setError(x instanceof ApiError && x.status < 500 ? t("console.acc.badCode") : errorText(x));
    }
  };
  const disable = async () => {
    try {
      await api("POST", "/api/v1/session/totp/disable", { current: password });
      setPassword("");
      setError("");
      setMsg(t("console.acc.totpOff"));
      props.onChanged();
    } catch (x) {
      setError(errorText(x));
    }
  };
  return (
    <div class="card" data-testid="totp">
      <h2>{t("console.acc.totp")}</h2>
      <p class={props.on ? "ok" : "muted"}>{props.on ? t("console.acc.totpIsOn") : t("console.acc.totpIsOff")}</p>
      {!props.on && !secret && <button onClick={start}>{t("console.acc.totpStart")}</button>}
      {!props.on && secret && (
        <div class="form-grid">
          <p class="totp-secret">
            {t("console.acc.totpSecret")} <code data-testid="totp-secret">{secret.secret}</code>
          </p>
          <p class="muted totp-uri">{secret.uri}</p>
          <label>
            {t("console.acc.totpCode")}
            <input name="totp-code" inputMode="numeric" autocomplete="one-time-code" maxLength={6} value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
          </label>
          <button class="primary" onClick={confirm}>{t("console.acc.totpConfirm")}</button>
        </div>
      )}
      {props.on && (
        <div class="form-grid">
          <label>
            {t("console.acc.current")}
            <input type="password" name="totp-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
          </label>
          <button onClick={disable}>{t("console.acc.totpDisable")}</button>
        </div>
      )}
      {msg && <p class="ok">{msg}</p>}
      {error && <p class="error">{error}</p>}
    </div>
  );
}

function Tokens() {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [name, setName] = useState("");
  const [ttl, setTtl] = useState("90");
  const [created, setCreated] = useState("");
  const [error, setError] = useState("");
  const load = () => api<{ tokens: Token[] }>("GET", "/api/v1/tokens").then((r) => setTokens(r.tokens), (e) => setError((e as Error).message));
  useEffect(() => {
    load();
  }, []);
  const create = async () => {
    try {
      const r = await api<{ token: string }>("POST", "/api/v1/tokens", { name: name.trim(), ttl_days: Number(ttl) });
      setCreated(r.token);
      setName("");
      setError("");
      load();
    } catch (x) {
      setError(errorText(x));
    }
  };
  const revoke = async (id: number) => {
    try {
      await api("DELETE", `/api/v1/tokens/${id}`);
      load();
    } catch (x) {
      setError(errorText(x));
    }
  };
  return (
    <div class="card" data-testid="tokens">
      <h2>{t("console.acc.tokens")}</h2>
      <div class="form-grid">
        <label>
          {t("console.acc.tokenName")}
          <input name="token-name" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t("console.acc.tokenTtl")}
          <select name="token-ttl" value={ttl} onChange={(e) => setTtl((e.target as HTMLSelectElement).value)}>
            {["7", "30", "90", "365", "0"].map((d) => <option value={d}>{d === "0" ? t("console.acc.never") : t("console.health.days", { days: d })}</option>)}
          </select>
        </label>
        <button disabled={!name.trim()} onClick={create}>{t("console.acc.tokenCreate")}</button>
      </div>
      {created && (
        <p class="ok token-once" data-testid="token-created">
          {t("console.acc.tokenOnce")} <code>{created}</code>
        </p>
      )}
      <div class="table-wrap">
        <table class="list">
          <thead>
            <tr>
              <th>{t("console.acc.tokenName")}</th>
              <th>{t("console.acc.created")}</th>
              <th>{t("console.acc.expires")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((k) => (
              <tr data-token={k.id}>
                <td>{k.name}</td>
                <td>{formatDateTime(Date.parse(k.created_at))}</td>
                <td>{k.expires_at ? formatDateTime(Date.parse(k.expires_at)) : t("console.acc.never")}</td>
                <td>{k.revoked ? <span class="muted">{t("console.acc.revoked")}</span> : <button onClick={() => revoke(k.id)}>{t("console.acc.revoke")}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && <p class="error">{error}</p>}
    </div>
  );
}
