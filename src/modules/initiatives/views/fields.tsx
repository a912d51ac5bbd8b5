import type { ComponentChildren } from 'preact';

/** Ids of hint and error for aria-describedby. */
function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Hint(props: { name: string; hint?: string | undefined }) {
  return props.hint ? (
    <div class="utrecht-form-field__description utrecht-form-field-description" id={`${props.name}-hint`}>
      {props.hint}
    </div>
  ) : null;
}

function FieldError(props: { name: string; error?: string | undefined }) {
  return props.error ? (
    <div class="utrecht-form-field-error-message" id={`${props.name}-error`}>
      {props.error}
    </div>
  ) : null;
}

/** A labelled textarea with hint and error, wired like `TextField`. */
export function TextArea(props: {
  name: string;
  label: string;
  value: string;
  hint?: string | undefined;
  error?: string | undefined;
  rows?: number;
  maxLength?: number;
}) {
  const { name, error } = props;
  return (
    <div
      class={`utrecht-form-field utrecht-form-field--textarea${error ? ' utrecht-form-field--invalid' : ''}`}
    >
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={name}>
          {props.label}
        </label>
      </div>
      <Hint name={name} hint={props.hint} />
      <FieldError name={name} error={error} />
      <div class="utrecht-form-field__input">
        <textarea
          class={`utrecht-textarea utrecht-textarea--html-textarea${error ? ' utrecht-textarea--invalid' : ''}`}
          id={name}
          name={name}
          rows={props.rows ?? 5}
          maxLength={props.maxLength}
          aria-describedby={describedBy(name, props.hint, error)}
          aria-invalid={error ? 'true' : undefined}
        >
          {props.value}
        </textarea>
      </div>
    </div>
  );
}

/**
 * A group of checkboxes or radio buttons in a fieldset with a legend. The first input gets the
 * group's name as id, so the error summary's link lands on it.
 */
export function ChoiceGroup(props: {
  type: 'checkbox' | 'radio';
  name: string;
  legend: string;
  options: readonly { value: string; label: string }[];
  checked: readonly string[];
  hint?: string | undefined;
  error?: string | undefined;
}) {
  const { name, error } = props;
  return (
    <fieldset
      class={`utrecht-form-fieldset bk-fieldset${error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={describedBy(name, props.hint, error)}
      aria-invalid={error ? 'true' : undefined}
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">
        {props.legend}
      </legend>
      <Hint name={name} hint={props.hint} />
      <FieldError name={name} error={error} />
      {props.options.map((o, i) => {
        const id = i === 0 ? name : `${name}-${o.value}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox" key={o.value}>
            <input
              class={
                props.type === 'checkbox'
                  ? 'utrecht-checkbox utrecht-checkbox--html-input'
                  : 'utrecht-radio-button utrecht-radio-button--html-input'
              }
              type={props.type}
              id={id}
              name={name}
              value={o.value}
              checked={props.checked.includes(o.value)}
            />{' '}
            <label class="utrecht-form-label utrecht-form-label--checkbox" for={id}>
              {o.label}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** A labelled select; options may be grouped (`<optgroup>`), e.g. buurten per wijk. */
export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  groups: readonly { label?: string; options: readonly { value: string; label: string }[] }[];
  hint?: string | undefined;
  error?: string | undefined;
  children?: ComponentChildren;
}) {
  const { name, error } = props;
  const option = (o: { value: string; label: string }) => (
    <option value={o.value} selected={o.value === props.value} key={o.value}>
      {o.label}
    </option>
  );
  return (
    <div
      class={`utrecht-form-field utrecht-form-field--select${error ? ' utrecht-form-field--invalid' : ''}`}
    >
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={name}>
          {props.label}
        </label>
      </div>
      <Hint name={name} hint={props.hint} />
      <FieldError name={name} error={error} />
      <div class="utrecht-form-field__input">
        <select
          class={`utrecht-select utrecht-select--html-select${error ? ' utrecht-select--invalid' : ''}`}
          id={name}
          name={name}
          aria-describedby={describedBy(name, props.hint, error)}
          aria-invalid={error ? 'true' : undefined}
        >
          {props.groups.map((g, i) =>
            g.label ? (
              <optgroup label={g.label} key={i}>
                {g.options.map(option)}
              </optgroup>
            ) : (
              g.options.map(option)
            ),
          )}
        </select>
      </div>
      {props.children}
    </div>
  );
}

/** A file input for one photo. */
export function FileField(props: {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
}) {
  const { name, error } = props;
  return (
    <div class={`utrecht-form-field utrecht-form-field--text${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={name}>
          {props.label}
        </label>
      </div>
      <Hint name={name} hint={props.hint} />
      <FieldError name={name} error={error} />
      <div class="utrecht-form-field__input">
        <input
          class="bk-file"
          type="file"
          id={name}
          name={name}
          accept="image/jpeg,image/png,image/webp,image/heic"
          aria-describedby={describedBy(name, props.hint, error)}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
    </div>
  );
}
