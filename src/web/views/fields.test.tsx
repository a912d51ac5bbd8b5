import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { CheckboxField, ChoiceGroup, SelectField } from './fields.js';
import { GetForm, TextField } from './form.js';
import { Notice } from './page-parts.js';

/** The attributes of the element with this id, as rendered. */
function tagWithId(html: string, id: string): string {
  const tag = new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no element with id ${id} in ${html}`);
  return tag;
}

describe('a group of choices', () => {
  const scope = (props: { error?: string; hint?: string }) =>
    renderToString(
      <ChoiceGroup
        type="radio"
        name="scope"
        legend="Waar mag het geld heen?"
        options={[
          { value: 'buurt', label: 'De eigen buurt', hint: 'Alleen de buurt zelf.' },
          { value: 'wijk', label: 'De eigen wijk', hint: <a href="/wijk">Welke wijk?</a> },
        ]}
        checked={['wijk']}
        {...props}
      />,
    );

  it('names its choices with a legend, the first one carrying the id the error summary links to', () => {
    const html = scope({});
    expect(html).toMatch(/<fieldset[^>]*><legend[^>]*>Waar mag het geld heen\?<\/legend>/);
    expect(tagWithId(html, 'scope')).toContain('value="buurt"');
    expect(tagWithId(html, 'scope')).toContain('type="radio"');
    expect(tagWithId(html, 'scope-wijk')).toContain('checked');
    expect(tagWithId(html, 'scope')).not.toContain('checked');
    expect(html).toContain('<label class="utrecht-form-label utrecht-form-label--radio" for="scope-wijk">');
  });

  it("links a choice's own hint to it, and the group's hint and error to the fieldset", () => {
    const html = scope({ hint: 'Kies één.', error: 'Kies waar het geld heen mag.' });
    expect(tagWithId(html, 'scope-wijk')).toContain('aria-describedby="scope-wijk-choice-hint"');
    expect(tagWithId(html, 'scope-wijk-choice-hint')).toBeTruthy();
    expect(html).toContain('<a href="/wijk">Welke wijk?</a>');
    const fieldset = /<fieldset[^>]*>/.exec(html)?.[0] ?? '';
    expect(fieldset).toContain('aria-describedby="scope-hint scope-error"');
    expect(fieldset).toContain('aria-invalid="true"');
    expect(html).toContain('Kies waar het geld heen mag.');
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(tagWithId(html, 'scope')).toContain('aria-describedby="scope-choice-hint"');
  });

  it('takes ids of its own, a field inside it, columns and required choices', () => {
    const html = renderToString(
      <ChoiceGroup
        type="checkbox"
        name="partner"
        legend="Partner"
        options={[{ value: 'WK063700', label: 'Centrum' }]}
        checked={['WK063700']}
        id={(code) => `partner-${code}`}
        columns
        required
      >
        <TextField name="organisation" label="Organisatie" />
      </ChoiceGroup>,
    );
    expect(tagWithId(html, 'partner-WK063700')).toMatch(/type="checkbox".*checked.*required/);
    expect(html).not.toContain('id="partner"');
    expect(html).toMatch(
      /<\/legend><div class="utrecht-form-field utrecht-form-field--text">.*<div class="bk-columns">/,
    );
  });
});

describe('a checkbox on its own', () => {
  it('is labelled, and says what is wrong beside it', () => {
    const html = renderToString(
      <CheckboxField name="confirm" value="ja" label="Ik heb gecontroleerd" error="Vink dit aan." />,
    );
    expect(tagWithId(html, 'confirm')).toMatch(
      /type="checkbox".*aria-describedby="confirm-error".*aria-invalid="true"/,
    );
    expect(html).toContain('for="confirm"');
    expect(tagWithId(html, 'confirm-error')).toBeTruthy();
  });
});

describe('a notice', () => {
  it('says nothing without a text', () => {
    expect(renderToString(<Notice text={undefined} />)).toBe('');
    expect(renderToString(<Notice text="" />)).toBe('');
  });

  it('is a status in the NL Design System alert of its kind', () => {
    expect(renderToString(<Notice text="Opgeslagen." />)).toContain('utrecht-alert utrecht-alert--ok');
    const warning = renderToString(
      <Notice kind="warning">
        <strong>Te laat</strong>: 3 maart
      </Notice>,
    );
    expect(warning).toMatch(/^<div class="utrecht-alert utrecht-alert--warning bk-notice" role="status">/);
    expect(warning).toContain('<p class="utrecht-paragraph"><strong>Te laat</strong>: 3 maart</p>');
  });
});

describe('a filter form: GET, its choices in the URL, "all" first', () => {
  const html = renderToString(
    <GetForm action="/initiatieven" submit={{ label: 'Filteren' }}>
      <SelectField
        name="thema"
        label="Thema"
        value="groen"
        empty="Alle"
        options={[
          { value: 'groen', label: 'Groen' },
          { value: 'zorg', label: 'Zorg' },
        ]}
      />
    </GetForm>,
  );

  it('sends no CSRF token (it changes nothing) and ends with its button', () => {
    expect(html).toMatch(/^<form method="get" action="\/initiatieven" class="bk-form">/);
    expect(html).not.toContain('_csrf');
    expect(html).toMatch(
      /<button class="utrecht-button utrecht-button--primary-action" type="submit">Filteren<\/button><\/form>$/,
    );
  });

  it('offers the empty choice first and keeps the chosen one selected', () => {
    // Preact writes an empty value as a bare `value`: the empty string all the same.
    const options = [...html.matchAll(/<option value(?:="([^"]*)")?( selected)?>([^<]*)<\/option>/g)].map(
      (m) => [m[1] ?? '', m[3], m[2] === ' selected'],
    );
    expect(options).toEqual([
      ['', 'Alle', false],
      ['groen', 'Groen', true],
      ['zorg', 'Zorg', false],
    ]);
  });
});
