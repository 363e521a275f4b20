import { ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api';

/** Loads data once (and on reload()), keeping the error for display instead of throwing it. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    load()
      .then((value) => {
        if (!cancelled) {
          setData(value);
          setError(null);
        }
      })
      .catch((e) => !cancelled && setError(e))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return { data, error, loading, reload, setData };
}

/** Calls fn every `ms` while `active`. */
export function useInterval(fn: () => void, ms: number, active: boolean) {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    if (!active) return;
    const id = window.setInterval(() => saved.current(), ms);
    return () => window.clearInterval(id);
  }, [ms, active]);
}

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    return (
      <div className="error" role="alert">
        <strong>{error.title}</strong>
        {error.detail && <span> — {error.detail}</span>}
        {error.errors.length > 0 && (
          <ul>
            {error.errors.slice(0, 20).map((e, i) => (
              <li key={i}>
                <code>{e.pointer}</code>: {e.message}
              </li>
            ))}
            {error.errors.length > 20 && <li>… and {error.errors.length - 20} more</li>}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      <strong>Something went wrong</strong> — {error instanceof Error ? error.message : String(error)}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="muted" aria-live="polite">
      {what}…
    </p>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h3>{title}</h3>
      {children}
    </div>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  const percent = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
      <div className="bar" style={{ width: `${percent}%` }} />
      <span>
        {label}: {percent}%
      </span>
    </div>
  );
}

export function Card({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <header>
        <h2>{title}</h2>
        {actions && <div className="actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

/**
 * A confirmation that names what will happen; for destructive actions the person types a word
 * (the id) to confirm, so a stray Enter cannot delete anything.
 */
export function ConfirmButton({
  label,
  question,
  confirmWord,
  onConfirm,
  danger = true,
}: {
  label: string;
  question: string;
  confirmWord?: string;
  onConfirm: () => Promise<void> | void;
  danger?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ready = !confirmWord || typed === confirmWord;
  return (
    <>
      <button type="button" className={danger ? 'danger' : ''} onClick={() => { setTyped(''); setError(null); dialog.current?.showModal(); }}>
        {label}
      </button>
      <dialog ref={dialog} aria-label={label}>
        <form
          method="dialog"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!ready) return;
            setBusy(true);
            try {
              await onConfirm();
              dialog.current?.close();
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          <p>{question}</p>
          {confirmWord && (
            <label>
              Type <code>{confirmWord}</code> to confirm
              <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus />
            </label>
          )}
          <ErrorBox error={error} />
          <div className="row">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className={danger ? 'danger' : 'primary'} disabled={!ready || busy}>
              {busy ? 'Working…' : label}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

/**
 * A wide table's scroll container. On a phone a table cut off at the card's edge looks complete, so
 * while columns lie beyond an edge a shadow marks that edge and a line above says the table scrolls;
 * the container is then a labelled, focusable region (keyboard users scroll it with the arrow keys).
 */
export function Scroll({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [beyond, setBeyond] = useState({ left: false, right: false });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setBeyond((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    measure();
    element.addEventListener('scroll', measure, { passive: true });
    // The box resizes with the screen, its content with the rows that arrive.
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of Array.from(element.children)) observer.observe(child);
    return () => {
      element.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, []);
  const scrolls = beyond.left || beyond.right;
  return (
    <>
      {scrolls && (
        <p className="scroll-hint" data-testid="scroll-hint">
          More columns: scroll the table sideways {beyond.right ? '→' : '←'}
        </p>
      )}
      <div className={`scroll-frame${beyond.left ? ' beyond-left' : ''}${beyond.right ? ' beyond-right' : ''}`}>
        <div
          ref={box}
          className="scroll"
          role={scrolls ? 'region' : undefined}
          aria-label={scrolls ? `${label}, scrolls sideways` : undefined}
          tabIndex={scrolls ? 0 : undefined}
        >
          {children}
        </div>
      </div>
    </>
  );
}

export function CopyBlock({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy">
      <pre aria-label={label}>{text}</pre>
      <button
        type="button"
        onClick={async () => {
          await navigator.clipboard?.writeText(text).catch(() => undefined);
          setCopied(true);
          window.setTimeout(() => setCopied(false), 1500);
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

export const number = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en'));
export const decimal = (n: number | null | undefined, digits = 4) => (n === null || n === undefined ? '—' : n.toFixed(digits));
export const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');

export function age(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}
