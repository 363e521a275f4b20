import { useState } from 'react';
import { ApiError, api, segment, upload } from '../api';
import { Card, ConfirmButton, ErrorBox, Loading, Progress, Scroll, number, useLoad, when } from '../components/ui';
import type { EventView, ImportReport, Item, Page, User } from '../types';

export function Data() {
  // Counts successful imports: the lists below load again after each, instead of showing what was
  // there before the upload until the page is left.
  const [imports, setImports] = useState(0);
  return (
    <div className="grid">
      <Upload onImported={() => setImports((n) => n + 1)} />
      <Browse imports={imports} />
    </div>
  );
}

/** The checkbox that sends mode=partial, named as the hint below names it. */
const PARTIAL_LABEL = 'Import the valid rows even if some are invalid';

/**
 * The API's refusal of an atomic import tells an API caller to "use mode=partial"; here that is a
 * checkbox, so the hint names the checkbox instead (the rows' errors stay as the API gave them).
 */
function inConsoleWords(error: unknown, partial: boolean): unknown {
  if (!(error instanceof ApiError) || partial || !/mode=partial/.test(error.detail)) return error;
  const detail = error.detail.replace(/\s*\(?use mode=partial[^)]*\)?/, '');
  return new ApiError(
    error.status,
    error.title,
    `${detail}. Correct the rows below and upload again, or tick “${PARTIAL_LABEL}” to import the other rows.`,
    error.errors,
  );
}

function contentTypeOf(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson';
  return null;
}

function Upload({ onImported }: { onImported: () => void }) {
  const [kind, setKind] = useState<'items' | 'events'>('items');
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const [defaultType, setDefaultType] = useState('view');
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return;
    const contentType = contentTypeOf(file);
    if (!contentType) {
      setError(new Error('Choose a .csv, .ndjson or .jsonl file'));
      return;
    }
    setError(null);
    setReport(null);
    setProgress(0);
    try {
      const query = new URLSearchParams({ mode: partial ? 'partial' : 'atomic' });
      if (kind === 'events') query.set('defaultType', defaultType);
      const result = await upload<ImportReport>(`/v1/imports/${kind}?${query}`, file, contentType, setProgress);
      setReport(result);
      onImported();
    } catch (err) {
      setError(inConsoleWords(err, partial));
    } finally {
      setProgress(null);
    }
  }

  return (
    <Card title="Upload a file">
      <form onSubmit={submit} className="form">
        <fieldset>
          <legend>What the file holds</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'items'} onChange={() => setKind('items')} /> Catalogue items
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'events'} onChange={() => setKind('events')} /> Interaction events
          </label>
        </fieldset>
        <p className="muted">
          {kind === 'items'
            ? 'CSV with a header: id, and optionally title, categories and tags (separated by |), available; other columns become attributes. Or NDJSON of item objects.'
            : 'CSV with a header: user, item, and optionally type, value, timestamp, event_id, recommendation_id. Or NDJSON of event objects. Events without an event_id get one from their content, so uploading the same file twice stores nothing twice.'}
        </p>
        <label>
          File (.csv, .ndjson or .jsonl)
          <input type="file" accept=".csv,.ndjson,.jsonl" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        {kind === 'events' && (
          <label>
            Type of rows without one
            <input value={defaultType} onChange={(e) => setDefaultType(e.target.value)} />
          </label>
        )}
        <label>
          <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} /> {PARTIAL_LABEL} (otherwise a file
          with an invalid row imports nothing)
        </label>
        <button type="submit" className="primary" disabled={!file || progress !== null}>
          Upload
        </button>
      </form>
      {progress !== null && <Progress value={progress} label={progress < 1 ? 'Uploading' : 'Uploaded, importing'} />}
      <ErrorBox error={error} />
      {report && <ReportView report={report} />}
    </Card>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  return (
    <div className="report" aria-label="Import report" role="status">
      <p>
        <strong>{number(report.written)}</strong> written of {number(report.rows)} rows, {number(report.duplicates)} duplicates skipped,{' '}
        <strong>{number(report.rejected)}</strong> rejected, in {report.seconds.toFixed(1)} s.
      </p>
      {report.errors.length > 0 && (
        <>
          <h3>Rejected rows</h3>
          <table>
            <thead>
              <tr>
                <th>where</th>
                <th>why</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.slice(0, 200).map((e, i) => (
                <tr key={i}>
                  <td>
                    <code>{e.pointer}</code>
                  </td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.errors.length > 200 && <p className="muted">… and {report.errors.length - 200} more.</p>}
        </>
      )}
    </div>
  );
}

type Tab = 'items' | 'users' | 'events';

function Browse({ imports }: { imports: number }) {
  const [tab, setTab] = useState<Tab>('items');
  return (
    <Card title="Browse">
      <div role="tablist" className="tabs">
        {(['items', 'users', 'events'] as Tab[]).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
            {t === 'items' ? 'Items' : t === 'users' ? 'Users' : 'Recent events'}
          </button>
        ))}
      </div>
      {tab === 'items' && <ItemsList imports={imports} />}
      {tab === 'users' && <UsersList imports={imports} />}
      {tab === 'events' && <EventsList imports={imports} />}
    </Card>
  );
}

/** A list with server-side search and cursor paging ("Show more"), loaded again after each import. */
function usePaged<T>(path: string, query: string, imports: number) {
  const [extra, setExtra] = useState<{ rows: T[]; next: string | null } | null>(null);
  const first = useLoad(async () => {
    setExtra(null);
    return api<Page<T>>(path, { query: { q: query, limit: 50 } });
  }, [path, query, imports]);
  const rows = [...(first.data?.data ?? []), ...(extra?.rows ?? [])];
  const next = extra ? extra.next : first.data?.next ?? null;
  async function more() {
    if (!next) return;
    const page = await api<Page<T>>(path, { query: { q: query, limit: 50, after: next } });
    setExtra({ rows: [...(extra?.rows ?? []), ...page.data], next: page.next });
  }
  return { rows, next, more, error: first.error, loading: first.loading, reload: first.reload };
}

function Search({ value, onChange, label }: { value: string; onChange: (v: string) => void; label: string }) {
  const [text, setText] = useState(value);
  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(text.trim());
      }}
    >
      <input aria-label={label} placeholder={label} value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit">Search</button>
    </form>
  );
}

function ItemsList({ imports }: { imports: number }) {
  const [query, setQuery] = useState('');
  const list = usePaged<Item>('/v1/items', query, imports);
  return (
    <>
      <Search value={query} onChange={setQuery} label="Search items by id or title" />
      <ErrorBox error={list.error} />
      {list.loading && list.rows.length === 0 ? (
        <Loading />
      ) : list.rows.length === 0 ? (
        <p className="muted">{query ? `No item matches “${query}”.` : 'No items yet: upload a catalogue above.'}</p>
      ) : (
        <Scroll label="Items">
          <table aria-label="Items">
            <thead>
              <tr>
                <th>id</th>
                <th>title</th>
                <th>categories</th>
                <th>available</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((item) => (
                <tr key={item.id}>
                  <td>
                    <code>{item.id}</code>
                  </td>
                  <td>{item.placeholder ? <em className="muted">not in the catalogue yet</em> : item.title}</td>
                  <td>{item.categories.join(', ')}</td>
                  <td>{item.available ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
      {list.next && <button onClick={list.more}>Show more</button>}
    </>
  );
}

function UsersList({ imports }: { imports: number }) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const list = usePaged<User>('/v1/users', query, imports);
  return (
    <>
      <Search value={query} onChange={setQuery} label="Search users by id" />
      <ErrorBox error={list.error} />
      {list.loading && list.rows.length === 0 ? (
        <Loading />
      ) : list.rows.length === 0 ? (
        <p className="muted">{query ? `No user matches “${query}”.` : 'No users yet: they appear with their first event.'}</p>
      ) : (
        <ul className="pick">
          {list.rows.map((user) => (
            <li key={user.id}>
              <button aria-pressed={selected === user.id} onClick={() => setSelected(user.id)}>
                {user.id}
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.next && <button onClick={list.more}>Show more</button>}
      {selected && (
        <UserDetail
          key={selected}
          userId={selected}
          onDeleted={() => {
            setSelected(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function UserDetail({ userId, onDeleted }: { userId: string; onDeleted: () => void }) {
  const events = useLoad(() => api<Page<EventView>>('/v1/events', { query: { userId, limit: 50 } }), [userId]);
  const [deleted, setDeleted] = useState<string | null>(null);
  return (
    <div className="detail" aria-label={`User ${userId}`}>
      <h3>
        User <code>{userId}</code>
      </h3>
      <ErrorBox error={events.error} />
      {events.data && <EventTable events={events.data.data} hideUser />}
      <ConfirmButton
        label="Delete this user"
        question={`Delete user “${userId}” and every event of theirs? This is the right to be forgotten: it cannot be undone, and models trained from now on will not see them.`}
        confirmWord={userId}
        onConfirm={async () => {
          const result = await api<{ id: string; events: number }>(`/v1/users/${segment(userId)}`, { method: 'DELETE' });
          setDeleted(`Deleted user ${result.id} and ${result.events} events.`);
          onDeleted();
        }}
      />
      {deleted && <p role="status">{deleted}</p>}
    </div>
  );
}

function EventsList({ imports }: { imports: number }) {
  const list = usePaged<EventView>('/v1/events', '', imports);
  return (
    <>
      <ErrorBox error={list.error} />
      {list.loading && list.rows.length === 0 ? <Loading /> : list.rows.length === 0 ? <p className="muted">No events yet.</p> : <EventTable events={list.rows} />}
      {list.next && <button onClick={list.more}>Show more</button>}
    </>
  );
}

function EventTable({ events, hideUser = false }: { events: EventView[]; hideUser?: boolean }) {
  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <Scroll label="Events">
      <table aria-label="Events">
        <thead>
          <tr>
            <th>when</th>
            {!hideUser && <th>user</th>}
            <th>item</th>
            <th>type</th>
            <th>value</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.eventId}>
              <td title={e.timestampGiven ? '' : 'no timestamp was sent: the time it arrived'}>
                {when(e.timestamp)}
                {e.timestampGiven ? '' : ' *'}
              </td>
              {!hideUser && <td>{e.userId}</td>}
              <td>
                <code>{e.itemId}</code>
              </td>
              <td>{e.type}</td>
              <td>{e.value ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}
