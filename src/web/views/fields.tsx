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

/** One choice in a `ChoiceGroup`: its value, its label, and a hint under the label if it needs one. */
export interface ChoiceOption {
  value: string;
  label: ComponentChildren;
  /** More about this choice (a summary, progress, a link), read out with it through aria-describedby. */
  hint?: ComponentChildren;
}

/** One checkbox or radio button with its label (and hint), in an NL Design System form field. */
function ChoiceInput(props: {
  type: 'checkbox' | 'radio';
  id: string;
  name: string;
  value: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  checked: boolean;
  required?: boolean | undefined;
}) {
  const { id, type } = props;
  // Not `${id}-hint`: the first choice's id is the group's name, whose hint has that id.
  const hintId = props.hint === undefined ? undefined : `${id}-choice-hint`;
  return (
    <div class={`utrecht-form-field utrecht-form-field--${type}`}>
      <input
        class={
          type === 'checkbox'
            ? 'utrecht-checkbox utrecht-checkbox--html-input'
            : 'utrecht-radio-button utrecht-radio-button--html-input'
        }
        type={type}
        id={id}
        name={props.name}
        value={props.value}
        checked={props.checked}
        required={props.required}
        aria-describedby={hintId}
      />{' '}
      <label class={`utrecht-form-label utrecht-form-label--${type}`} for={id}>
        {props.label}
      </label>
      {hintId ? (
        <div class="utrecht-form-field-description" id={hintId}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}

/**
 * A group of checkboxes or radio buttons in a fieldset with a legend, its hint and error
 * linked to the fieldset. The first input gets the group's name as id, so the error summary's
 * link lands on it; the others `name-value` (`id` chooses others, for a group whose summary
 * anchor is elsewhere). `children` come between the hint and the choices (a field that belongs
 * to the group); `columns` sets a long list in columns.
 */
export function ChoiceGroup(props: {
  type: 'checkbox' | 'radio';
  name: string;
  legend: string;
  options: readonly ChoiceOption[];
  checked: readonly string[];
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  id?: (value: string, index: number) => string;
  columns?: boolean;
  children?: ComponentChildren;
}) {
  const { name, error } = props;
  const idOf = props.id ?? ((value: string, i: number) => (i === 0 ? name : `${name}-${value}`));
  const choices = props.options.map((o, i) => (
    <ChoiceInput
      key={o.value}
      type={props.type}
      id={idOf(o.value, i)}
      name={name}
      value={o.value}
      label={o.label}
      hint={o.hint}
      checked={props.checked.includes(o.value)}
      required={props.required}
    />
  ));
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
      {props.children}
      {props.columns ? <div class="bk-columns">{choices}</div> : choices}
    </fieldset>
  );
}

/**
 * A single checkbox that stands on its own (agreeing, confirming), with its label beside it
 * and its hint and error linked; its id is `name`, where the error summary's link lands.
 */
export function CheckboxField(props: {
  name: string;
  label: string;
  value: string;
  checked?: boolean;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  const { name, error } = props;
  return (
    <div
      class={`utrecht-form-field utrecht-form-field--checkbox${error ? ' utrecht-form-field--invalid' : ''}`}
    >
      <FieldHint name={name} hint={props.hint} />
      <FieldError name={name} error={error} />
      <div class="utrecht-form-field__input">
        <input
          class="utrecht-checkbox utrecht-checkbox--html-input"
          type="checkbox"
          id={name}
          name={name}
          value={props.value}
          checked={props.checked}
          aria-describedby={describedBy(name, props.hint, error)}
          aria-invalid={error ? 'true' : undefined}
        />
      </div>
      <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label class="utrecht-form-label utrecht-form-label--checkbox" for={name}>
          {props.label}
        </label>
      </div>
    </div>
  );
}

/** One choice of a `SelectField`. */
export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A labelled select: `options` in one list, or `groups` (`<optgroup>`, e.g. buurten per wijk).
 * `empty` puts a choice with the value '' first: "all" in a filter, "choose" or "none" in a form.
 */
export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options?: readonly SelectOption[];
  groups?: readonly { label?: string; options: readonly SelectOption[] }[];
  empty?: string;
  hint?: string | undefined;
  error?: string | undefined;
  children?: ComponentChildren;
}) {
  const { name, error } = props;
  const groups: readonly { label?: string; options: readonly SelectOption[] }[] = [
    ...(props.empty === undefined ? [] : [{ options: [{ value: '', label: props.empty }] }]),
    ...(props.groups ?? [{ options: props.options ?? [] }]),
  ];
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
        {groups.map((g, i) =>
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
