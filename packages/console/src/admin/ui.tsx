import { useState } from 'react';
import type { ErrorCode } from '@parley/protocol';
import type { MessageKey } from '@parley/i18n';
import { useT } from '../i18n.ts';

/** A coded error, translated; renders nothing without one. */
export function ErrorLine({ code }: { code: ErrorCode | null }) {
  const { t } = useT();
  if (!code) return null;
  return (
    <p className="error" role="alert" data-testid="admin-error">
      {t(`error.${code}` as MessageKey)}
    </p>
  );
}

/** A read-only code box with a Copy button (embed codes, one-time passwords). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // Missing on plain-http origins other than localhost: the code stays selectable by hand.
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) return;
    void clipboard.writeText(value).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    });
  };
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <div className="copy-row">
        <code data-testid={testId}>{value}</code>
        <button type="button" className="secondary" onClick={copy} data-testid={`${testId}-copy`}>
          {t(copied ? 'common.copied' : 'common.copy')}
        </button>
      </div>
    </div>
  );
}

/** A required one-line text field whose label is its placeholder (compact add-a-row forms). */
export function InlineField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  maxLength: number;
  grow?: boolean;
}) {
  return (
    <input
      className={props.grow ? 'grow' : undefined}
      data-testid={props.testId}
      value={props.value}
      required
      maxLength={props.maxLength}
      placeholder={props.label}
      aria-label={props.label}
      onChange={(e) => props.onChange(e.currentTarget.value)}
    />
  );
}
