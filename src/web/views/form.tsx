import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page.js';

/** The name of the form field that carries the CSRF token. */
export const CSRF_FIELD = '_csrf';

/**
 * The hidden CSRF token every state-changing form carries (POST, and PUT/PATCH/DELETE through
 * forms). Without it the csrf plugin refuses the submission with a 403 page.
 */
export function CsrfField(props: { ctx: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.ctx.csrfToken()} />;
}

/** A problem with one field: its input's id and the message shown beside it and in the summary. */
export interface FormError {
  field: string;
  message: string;
}

/**
 * The error summary at the top of a form (GOV.UK pattern): focused by the browser as an alert,
 * each message a link to its field.
 */
export function ErrorSummary(props: { ctx: PageContext; errors: readonly FormError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <div
      class="utrecht-alert utrecht-alert--error bk-error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
    >
      <div class="utrecht-alert__content">
        <h2 class="utrecht-heading-2" id="error-summary-title">
          {props.ctx.t('errors.summaryTitle')}
        </h2>
        <ul class="utrecht-unordered-list">
          {props.errors.map((e) => (
            <li class="utrecht-unordered-list__item" key={e.field}>
              <a class="utrecht-link" href={`#${e.field}`}>
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The message for one field, if it has one. */
export function errorFor(errors: readonly FormError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

/** The ids of a field's hint and error, for its `aria-describedby`; undefined when it has neither. */
export function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A field's hint, under its label; `describedBy` points to it. */
export function FieldHint(props: { name: string; hint?: string | undefined }) {
  return props.hint ? (
    <div class="utrecht-form-field__description utrecht-form-field-description" id={`${props.name}-hint`}>
      {props.hint}
    </div>
  ) : null;
}

/** A field's error message, under its hint; `describedBy` points to it. */
export function FieldError(props: { name: string; error?: string | undefined }) {
  return props.error ? (
    <div class="utrecht-form-field-error-message" id={`${props.name}-error`}>
      {props.error}
    </div>
  ) : null;
}

/**
 * The frame of one labelled field (NL Design System form field): label, hint and error, then
 * the control given as children (its id is `name`), then anything `after` it.
 */
export function FormField(props: {
  kind: 'text' | 'textarea' | 'select';
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  const { name, error } = props;
  return (
    <div
      class={`utrecht-form-field utrecht-form-field--${props.kind}${error ? ' utrecht-form-field--invalid' : ''}`}
    >
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={name}>
          {props.label}
        </label>
      </div>
      <FieldHint name={name} hint={props.hint} />
      <FieldError name={name} error={error} />
      <div class="utrecht-form-field__input">{props.children}</div>
      {props.after}
    </div>
  );
}

/**
 * A labelled text input with its hint and error beside it, wired with aria-describedby and
 * aria-invalid. Passwords are never echoed back: pass no value for them (or use `PasswordField`).
 */
export function TextField(props: {
  name: string;
  label: string;
  value?: string | undefined;
  hint?: string | undefined;
  error?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'search' | 'date';
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'email';
  required?: boolean;
  maxLength?: number;
  spellcheck?: boolean;
  /** Shown to read or copy (a link made once), not to change. */
  readOnly?: boolean;
  /** As wide as the page's text allows, for a long value such as a link. */
  wide?: boolean;
}) {
  const { name, error, hint } = props;
  const extra = `${props.readOnly ? ' utrecht-textbox--read-only' : ''}${props.wide ? ' bk-wide' : ''}`;
  return (
    <FormField kind="text" name={name} label={props.label} hint={hint} error={error}>
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${error ? ' utrecht-textbox--invalid' : ''}${extra}`}
        type={props.type ?? 'text'}
        id={name}
        name={name}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        required={props.required}
        maxLength={props.maxLength}
        spellcheck={props.spellcheck}
        readOnly={props.readOnly}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? 'true' : undefined}
      />
    </FormField>
  );
}

/**
 * An e-mail address field: no spelling check, and at most 254 characters (the longest address
 * SMTP carries).
 */
export function EmailField(props: {
  name: string;
  label: string;
  value: string;
  hint?: string | undefined;
  error?: string | undefined;
  autocomplete: string;
}) {
  return <TextField {...props} type="email" spellcheck={false} maxLength={254} />;
}

/**
 * A password field. It takes no value, so a password is never sent back in a page. The browser
 * stops at 1000 characters; the password rules themselves are the server's.
 */
export function PasswordField(props: {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  autocomplete: 'current-password' | 'new-password';
}) {
  return <TextField {...props} type="password" maxLength={1000} />;
}

/** A primary or secondary submit button. */
export function SubmitButton(props: { children: ComponentChildren; secondary?: boolean }) {
  return (
    <button
      class={`utrecht-button ${props.secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}
      type="submit"
    >
      {props.children}
    </button>
  );
}

/**
 * A form that POSTs (`class` bk-form unless given), its CSRF token and `hidden` fields first.
 * `novalidate` leaves checking to the server, so its errors appear in the error summary.
 */
export function PostForm(props: {
  ctx: PageContext;
  action: string;
  children: ComponentChildren;
  class?: string;
  novalidate?: boolean;
  enctype?: 'multipart/form-data';
  hidden?: Record<string, string>;
}) {
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.enctype}
      class={props.class ?? 'bk-form'}
      novalidate={props.novalidate}
    >
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      {props.children}
    </form>
  );
}

/**
 * A form that GETs: a filter or a search, whose choices end up in the URL (so the result can be
 * bookmarked, shared and reloaded). It changes nothing, so it carries no CSRF token. `submit`
 * ends it with its button (secondary for a filter beside the page's main task); a form that
 * places its button itself (beside a search box) leaves it out. `labelledBy` names the form by
 * a heading inside it; `search` makes it a search landmark.
 */
export function GetForm(props: {
  action: string;
  children: ComponentChildren;
  class?: string;
  submit?: { label: string; secondary?: boolean };
  labelledBy?: string;
  search?: boolean;
}) {
  return (
    <form
      method="get"
      action={props.action}
      class={props.class ?? 'bk-form'}
      role={props.search ? 'search' : undefined}
      aria-labelledby={props.labelledBy}
    >
      {props.children}
      {props.submit ? (
        <SubmitButton secondary={props.submit.secondary}>{props.submit.label}</SubmitButton>
      ) : null}
    </form>
  );
}

/** A form whose only content is a button that POSTs (sign out, disable): with its CSRF token. */
export function PostButton(props: {
  ctx: PageContext;
  action: string;
  children: ComponentChildren;
  secondary?: boolean;
  hidden?: Record<string, string>;
}) {
  return (
    <PostForm ctx={props.ctx} action={props.action} class="bk-inline-form" hidden={props.hidden}>
      <SubmitButton secondary={props.secondary}>{props.children}</SubmitButton>
    </PostForm>
  );
}
