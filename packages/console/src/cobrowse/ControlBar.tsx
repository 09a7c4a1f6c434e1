import { useState, type SubmitEvent } from 'react';
import { useT } from '../i18n.ts';

interface Props {
  name: string;
  /** The consultant clicks and types for the visitor now (else clicks highlight, [CB5]). */
  acting: boolean;
  onActing: (acting: boolean) => void;
  /** The field chosen in the replay (an rrweb node id), null before one is. */
  field: number | null;
  onType: (node: number, value: string) => void;
  refused: boolean;
}

/**
 * [CB8] Shown once the visitor granted control: a switch between guiding and acting, and, for a
 * field chosen in the replay, the text to type into it on the visitor's page. The visitor's page
 * decides what it accepts (never private, password or payment fields); a refusal is said here.
 */
export function ControlBar({ name, acting, onActing, field, onType, refused }: Props) {
  const { t } = useT();
  const [value, setValue] = useState('');
  const submit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (field === null) return;
    onType(field, value);
    setValue('');
  };
  return (
    <div className="cobrowse-control" data-testid="cobrowse-control">
      <span>{t('cobrowse.controlGranted', { name })}</span>
      <label>
        <input
          type="checkbox"
          data-testid="cobrowse-control-mode"
          checked={acting}
          onChange={(e) => onActing(e.currentTarget.checked)}
        />{' '}
        {t('cobrowse.controlMode', { name })}
      </label>
      {acting && <span className="hint">{t('cobrowse.controlHint')}</span>}
      {acting && field !== null && (
        <form className="cobrowse-bar" onSubmit={submit}>
          <label htmlFor="cobrowse-type-value">{t('cobrowse.typeLabel')}</label>
          <input
            id="cobrowse-type-value"
            type="text"
            data-testid="cobrowse-type-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="secondary" data-testid="cobrowse-type-send">
            {t('cobrowse.typeSend')}
          </button>
        </form>
      )}
      {refused && (
        <p className="hint" role="alert" data-testid="cobrowse-refused">
          {t('cobrowse.refused')}
        </p>
      )}
    </div>
  );
}
