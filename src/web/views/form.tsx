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

/**
 * A labelled text input with its hint and error beside it, wired with aria-describedby and
 * aria-invalid. Passwords are never echoed back: pass no value for them.
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
}) {
  const { name, error, hint } = props;
  const invalid = error !== undefined;
  const describedBy = [hint ? `${name}-hint` : '', invalid ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div
      class={`utrecht-form-field utrecht-form-field--text${invalid ? ' utrecht-form-field--invalid' : ''}`}
    >
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={name}>
          {props.label}
        </label>
      </div>
      {hint ? (
        <div class="utrecht-form-field__description utrecht-form-field-description" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      {invalid ? (
        <div class="utrecht-form-field-error-message" id={`${name}-error`}>
          {error}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">
        <input
          class={`utrecht-textbox utrecht-textbox--html-input${invalid ? ' utrecht-textbox--invalid' : ''}`}
          type={props.type ?? 'text'}
          id={name}
          name={name}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode}
          required={props.required}
          maxLength={props.maxLength}
          spellcheck={props.spellcheck}
          aria-describedby={describedBy || undefined}
          aria-invalid={invalid ? 'true' : undefined}
        />
      </div>
    </div>
  );
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

/** A form whose only content is a button that POSTs (sign out, disable): with its CSRF token. */
export function PostButton(props: {
  ctx: PageContext;
  action: string;
  children: ComponentChildren;
  secondary?: boolean;
  hidden?: Record<string, string>;
}) {
  return (
    <form method="post" action={props.action} class="bk-inline-form">
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} key={name} />
      ))}
      <SubmitButton secondary={props.secondary}>{props.children}</SubmitButton>
    </form>
  );
}
