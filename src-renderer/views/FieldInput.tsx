import type { FieldSpec } from './metadata-fields.ts';

/** One ComicInfo field as a labelled control; '' means "no element". */
export function FieldInput({
  spec,
  value,
  error,
  disabled,
  placeholder,
  onChange,
}: {
  spec: FieldSpec;
  value: string;
  error: string | null;
  disabled?: boolean;
  placeholder?: string;
  onChange(value: string): void;
}) {
  const id = `field-${spec.field}`;
  const common = {
    id,
    value,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  };
  return (
    <div className={`field field-${spec.input}`}>
      <label htmlFor={id}>{spec.label}</label>
      {spec.input === 'textarea' && <textarea {...common} rows={4} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />}
      {spec.input === 'text' && <input {...common} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />}
      {spec.input === 'select' && (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">{placeholder ?? '(not set)'}</option>
          {/* A value outside the v2.0 list (another tagger's) stays selectable rather than being lost. */}
          {[...(spec.options ?? []), ...(value && !spec.options?.includes(value) ? [value] : [])].map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}
