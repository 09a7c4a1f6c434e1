import { useState, type SubmitEvent } from 'react';
import type { AdminApi } from '@parley/client';
import type { DepartmentView, ErrorCode } from '@parley/protocol';
import { useT } from '../i18n.ts';
import { ErrorLine } from './ui.tsx';
import { errorCode } from './useLoad.ts';

interface Props {
  api: AdminApi;
  departments: DepartmentView[];
  onChanged: () => void;
}

/** Departments (F-31): add and rename. */
export function Departments({ api, departments, onChanged }: Props) {
  const { t } = useT();
  const [name, setName] = useState('');
  const [error, setError] = useState<ErrorCode | null>(null);
  const run = (call: Promise<unknown>, after?: () => void) => {
    setError(null);
    call.then(
      () => {
        after?.();
        onChanged();
      },
      (e: unknown) => setError(errorCode(e)),
    );
  };
  const add = (event: SubmitEvent) => {
    event.preventDefault();
    run(api.createDepartment(name), () => setName(''));
  };
  return (
    <div className="section" data-testid="departments">
      <form className="inline-form card" onSubmit={add}>
        <label>
          {t('departments.name')}
          <input
            data-testid="department-name"
            required
            maxLength={80}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <button className="primary" data-testid="department-add">
          {t('departments.add')}
        </button>
      </form>
      <ErrorLine code={error} />
      {departments.length === 0 ? (
        <p className="muted">{t('departments.empty')}</p>
      ) : (
        <ul className="rows card">
          {departments.map((d) => (
            <DepartmentRow key={d.id} department={d} onRename={(n) => run(api.renameDepartment(d.id, n))} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DepartmentRow({ department, onRename }: { department: DepartmentView; onRename: (name: string) => void }) {
  const { t } = useT();
  const [name, setName] = useState(department.name);
  return (
    <li className="row" data-testid="department-row">
      <input
        aria-label={t('departments.name')}
        value={name}
        maxLength={80}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <button
        className="secondary"
        disabled={name.trim() === '' || name === department.name}
        onClick={() => onRename(name)}
      >
        {t('departments.rename')}
      </button>
    </li>
  );
}
