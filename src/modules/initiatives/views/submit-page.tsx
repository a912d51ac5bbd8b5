import type { PageContext } from '../../../web/page.js';
import { Layout } from '../../../web/views/layout.js';
import { PlacePicker, type BuurtChoice } from '../../places/index.js';
import { LinkParagraph, Notice } from '../../../web/views/page-parts.js';
import {
  ErrorSummary,
  errorFor,
  GetForm,
  PostForm,
  SubmitButton,
  TextField,
  type FormError,
} from '../../../web/views/form.js';
import { HELP_KINDS, MAX_PHOTOS, STAFF_CHANNELS, THEMES } from '../initiative.js';
import type { SubmissionForm } from '../initiatives.schema.js';
import { ChoiceGroup, FileField, SelectField, TextArea } from '../../../web/views/fields.js';

export type { BuurtChoice };

export interface SubmitPageProps {
  ctx: PageContext;
  form: SubmissionForm;
  errors: readonly FormError[];
  /** Photos were chosen but the form came back: say they must be chosen again. */
  photosLost: boolean;
  municipalities: readonly { code: string; name: string }[];
  choice: BuurtChoice | undefined;
  intakeWorkingDays: number;
  /** Staff submitting for a resident: asks for the channel, posts to the desk. */
  staff: boolean;
}

/**
 * The submission form. Without JavaScript the place is a buurt picked from a list (after the
 * gemeente is chosen with a GET form); with JavaScript a pin on the map fills lat/lon.
 */
export function SubmitPage(props: SubmitPageProps) {
  const { ctx, form, errors, choice } = props;
  const { t } = ctx;
  const err = (field: string) => errorFor(errors, field);
  const base = props.staff ? '/beheer/initiatieven/nieuw' : '/initiatieven/nieuw';
  const title =
    errors.length > 0
      ? `${t('errors.summaryTitle')}: ${t(props.staff ? 'initiatives.new.staffTitle' : 'initiatives.new.title')}`
      : t(props.staff ? 'initiatives.new.staffTitle' : 'initiatives.new.title');
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[
        { href: '/', label: t('layout.home') },
        props.staff
          ? { href: '/beheer/initiatieven', label: t('initiatives.desk.title') }
          : { href: '/initiatieven', label: t('initiatives.title') },
      ]}
      scripts={choice ? [ctx.asset('js/initiative-pin.js')] : []}
    >
      <h1 class="utrecht-heading-1">
        {t(props.staff ? 'initiatives.new.staffTitle' : 'initiatives.new.title')}
      </h1>
      <p class="utrecht-paragraph">
        {props.staff
          ? t('initiatives.new.staffIntro')
          : t('initiatives.new.intro', { days: props.intakeWorkingDays })}
      </p>
      {props.staff ? null : (
        <LinkParagraph href={`/initiatieven/formulier${choice ? `?gemeente=${choice.gemeente.code}` : ''}`}>
          {t('initiatives.new.paper')}
        </LinkParagraph>
      )}
      <ErrorSummary ctx={ctx} errors={errors} />

      <GetForm
        action={base}
        class="bk-form bk-gemeente-choice"
        submit={{ label: t('initiatives.new.gemeenteButton'), secondary: true }}
      >
        <SelectField
          name="gemeente"
          label={choice ? t('initiatives.new.gemeente') : t('initiatives.new.chooseGemeente')}
          value={choice?.gemeente.code ?? form.gemeente}
          groups={[{ options: props.municipalities.map((m) => ({ value: m.code, label: m.name })) }]}
          error={err('gemeente')}
        />
      </GetForm>

      {choice ? (
        <PostForm
          ctx={ctx}
          action={base}
          enctype="multipart/form-data"
          novalidate
          hidden={{ gemeente: choice.gemeente.code }}
        >
          <h2 class="utrecht-heading-2">{t('initiatives.new.what')}</h2>
          <TextField
            name="title"
            label={t('initiatives.new.titleLabel')}
            hint={t('initiatives.new.titleHint')}
            value={form.title}
            error={err('title')}
            maxLength={120}
          />
          <TextArea
            name="summary"
            label={t('initiatives.new.summaryLabel')}
            hint={t('initiatives.new.summaryHint')}
            value={form.summary}
            error={err('summary')}
            rows={6}
            maxLength={5000}
          />
          <TextField
            name="forWhom"
            label={t('initiatives.new.forWhomLabel')}
            hint={t('initiatives.new.forWhomHint')}
            value={form.forWhom}
            error={err('forWhom')}
            maxLength={1000}
          />
          <ChoiceGroup
            type="checkbox"
            name="themes"
            legend={t('initiatives.new.themes')}
            hint={t('initiatives.new.themesHint')}
            options={THEMES.map((th) => ({ value: th, label: t(`initiatives.theme.${th}`) }))}
            checked={form.themes}
            error={err('themes')}
          />

          <h2 class="utrecht-heading-2">{t('initiatives.new.where')}</h2>
          <PlacePicker
            ctx={ctx}
            choice={choice}
            lat={form.lat}
            lon={form.lon}
            buurt={form.buurt}
            error={err('buurt')}
            texts={{
              mapHint: t('initiatives.new.mapHint'),
              mapFound: t('initiatives.new.mapFound', { name: '{name}' }),
              buurt: t('initiatives.new.buurt'),
              buurtHint: t('initiatives.new.buurtHint'),
              buurtNone: t('initiatives.new.buurtNone'),
            }}
          />
          <TextField
            name="locationDescription"
            label={t('initiatives.new.locationLabel')}
            hint={t('initiatives.new.locationHint')}
            value={form.locationDescription}
            error={err('locationDescription')}
            maxLength={500}
          />

          <h2 class="utrecht-heading-2">{t('initiatives.new.budget')}</h2>
          <p class="utrecht-paragraph" id="budget-hint">
            {t('initiatives.new.budgetHint')}
          </p>
          <div class="bk-budget-rows">
            {form.lines.map((line, i) => (
              <div class="bk-budget-row" key={i}>
                <TextField
                  name={`line${i}Description`}
                  label={t('initiatives.new.lineDescription', { n: i + 1 })}
                  value={line.description}
                  error={err(`line${i}Description`)}
                  maxLength={200}
                />
                <TextField
                  name={`line${i}Amount`}
                  label={t('initiatives.new.lineAmount', { n: i + 1 })}
                  value={line.amount}
                  error={err(`line${i}Amount`)}
                  inputmode="text"
                  maxLength={20}
                />
              </div>
            ))}
          </div>

          <ChoiceGroup
            type="checkbox"
            name="help"
            legend={t('initiatives.new.help')}
            hint={t('initiatives.new.helpHint')}
            options={HELP_KINDS.map((h) => ({ value: h, label: t(`initiatives.help.${h}`) }))}
            checked={form.help}
          />

          <h2 class="utrecht-heading-2">{t('initiatives.new.contact')}</h2>
          <p class="utrecht-paragraph">{t('initiatives.new.contactHint')}</p>
          <TextField
            name="name"
            label={t('initiatives.new.name')}
            value={form.name}
            error={err('name')}
            autocomplete={props.staff ? 'off' : 'name'}
            maxLength={100}
          />
          <p class="utrecht-paragraph">{t('initiatives.new.contactOr')}</p>
          <TextField
            name="email"
            type="email"
            label={t('initiatives.new.email')}
            value={form.email}
            error={err('email')}
            autocomplete={props.staff ? 'off' : 'email'}
            maxLength={254}
          />
          <TextField
            name="phone"
            label={t('initiatives.new.phone')}
            value={form.phone}
            error={err('phone')}
            autocomplete={props.staff ? 'off' : 'tel'}
            maxLength={20}
          />
          {props.staff ? (
            <ChoiceGroup
              type="radio"
              name="channel"
              legend={t('initiatives.new.channel')}
              options={STAFF_CHANNELS.map((c) => ({ value: c, label: t(`initiatives.channel.${c}`) }))}
              checked={[form.channel]}
              error={err('channel')}
            />
          ) : null}

          <h2 class="utrecht-heading-2">{t('initiatives.new.photos')}</h2>
          <p class="utrecht-paragraph">{t('initiatives.new.photosHint')}</p>
          {props.photosLost ? <Notice kind="warning" text={t('initiatives.new.photosAgain')} /> : null}
          {err('photos') ? (
            <p class="utrecht-form-field-error-message" id="photos">
              {err('photos')}
            </p>
          ) : null}
          {Array.from({ length: MAX_PHOTOS }, (_, i) => (
            <div class="bk-photo-row" key={i}>
              <FileField
                name={`photo${i}`}
                label={t('initiatives.new.photo', { n: i + 1 })}
                error={err(`photo${i}`)}
              />
              <TextField
                name={`photo${i}Alt`}
                label={t('initiatives.new.photoAlt', { n: i + 1 })}
                hint={t('initiatives.new.photoAltHint')}
                value={form.photoAlts[i] ?? ''}
                error={err(`photo${i}Alt`)}
                maxLength={200}
              />
            </div>
          ))}

          <SubmitButton>{t('initiatives.new.submit')}</SubmitButton>
        </PostForm>
      ) : null}
    </Layout>
  );
}
