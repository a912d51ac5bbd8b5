/*
 * Form fields beyond form.tsx's text inputs, for every module's forms: a text area, a group of
 * radios or checkboxes, a select, a file input, each with its label, hint and error linked for
 * screen readers.
 */
import type { ComponentChildren } from 'preact';
import { describedBy, FieldError, FieldHint, FormField } from './form.js';

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
    <FormField kind="textarea" name={name} label={props.label} hint={props.hint} error={error}>
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
    </FormField>
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
      <FieldHint name={name} hint={props.hint} />
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
    <FormField
      kind="select"
      name={name}
      label={props.label}
      hint={props.hint}
      error={error}
      after={props.children}
    >
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
    </FormField>
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
    <FormField kind="text" name={name} label={props.label} hint={props.hint} error={error}>
      <input
        class="bk-file"
        type="file"
        id={name}
        name={name}
        accept="image/jpeg,image/png,image/webp,image/heic"
        aria-describedby={describedBy(name, props.hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FormField>
  );
}
