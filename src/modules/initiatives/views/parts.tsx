import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../web/page.js';
import type { PublicContext } from '../../../web/views/fragment.js';
import { DataTable } from '../../../web/views/page-parts.js';
import type { Stage } from '../initiative.js';
import type { PublicInitiativeDetail, ThreadMessage, TimelineEntry } from '../initiatives.service.js';

/** The stage as a badge; text, so colour is never the only carrier of meaning. */
export function StageBadge(props: { ctx: PublicContext; stage: Stage }) {
  return (
    <span class={`utrecht-badge-status bk-stage bk-stage--${props.stage}`}>
      {props.ctx.t(`initiatives.stage.${props.stage}`)}
    </span>
  );
}

/** The public timeline: stage moves with dates and reasons, never who made them. */
export function Timeline(props: { ctx: PageContext; entries: readonly TimelineEntry[] }) {
  const { ctx } = props;
  return (
    <ol class="bk-timeline">
      {props.entries.map((e, i) => (
        <li class="bk-timeline__item" key={i}>
          <time dateTime={e.at.toISOString()}>{ctx.format.date(e.at)}</time>{' '}
          <strong>{ctx.t(`initiatives.stage.${e.to}`)}</strong>
          {e.reason ? (
            <p class="utrecht-paragraph">{ctx.t('initiatives.page.reason', { reason: e.reason })}</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function BudgetTable(props: { ctx: PageContext; initiative: PublicInitiativeDetail }) {
  const { ctx, initiative } = props;
  const { t } = ctx;
  if (initiative.budgetLines.length === 0)
    return <p class="utrecht-paragraph">{t('initiatives.page.noBudget')}</p>;
  return (
    <DataTable
      label={t('initiatives.page.budget')}
      rows={initiative.budgetLines}
      rowKey={(_, i) => i}
      columns={[
        { label: t('initiatives.page.budgetItem'), cell: (l) => l.description },
        {
          label: t('initiatives.page.budgetAmount'),
          numeric: true,
          cell: (l) => ctx.format.euros(l.amountCents),
        },
      ]}
      totals={{
        label: t('initiatives.page.budgetTotal'),
        row: { description: '', amountCents: initiative.budgetTotalCents },
      }}
    />
  );
}

/** One row of a data list: what, and its value. */
export function Fact(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="utrecht-data-list__item">
      <dt class="utrecht-data-list__item-key">{props.label}</dt>
      <dd class="utrecht-data-list__item-value">{props.children}</dd>
    </div>
  );
}

/** Description, place, topics and help wanted of an initiative: a data list. */
export function InitiativeFacts(props: {
  ctx: PageContext;
  initiative: PublicInitiativeDetail;
  extra?: ComponentChildren;
}) {
  const { ctx, initiative: i } = props;
  const { t } = ctx;
  const row = (key: string, value: ComponentChildren) => <Fact label={key}>{value}</Fact>;
  return (
    <dl class="utrecht-data-list utrecht-data-list--rows">
      {row(t('initiatives.page.reference'), i.reference)}
      {row(t('initiatives.page.stage'), <StageBadge ctx={ctx} stage={i.stage} />)}
      {row(
        t('initiatives.page.place'),
        `${i.buurt.name}, ${i.wijk.name}, ${i.gemeente.name}${i.locationDescription ? ` — ${i.locationDescription}` : ''}`,
      )}
      {row(t('initiatives.page.forWhom'), i.forWhom)}
      {row(t('initiatives.page.themes'), i.themes.map((th) => t(`initiatives.theme.${th}`)).join(', '))}
      {row(
        t('initiatives.page.help'),
        i.helpWanted.length > 0
          ? i.helpWanted.map((h) => t(`initiatives.help.${h}`)).join(', ')
          : t('initiatives.page.noHelp'),
      )}
      {props.extra}
    </dl>
  );
}

/**
 * The thread, oldest first. A note only staff see (on the desk) is marked as such, in text and
 * style; the initiator's page never gets notes.
 */
export function Thread(props: { ctx: PageContext; messages: readonly ThreadMessage[] }) {
  const { ctx } = props;
  return (
    <ol class="bk-thread">
      {props.messages.map((m, n) => (
        <li
          class={`bk-thread__message bk-thread__message--${m.author}${m.staffOnly ? ' bk-thread__message--note' : ''}`}
          key={n}
        >
          <p class="utrecht-paragraph bk-thread__meta">
            <strong>{m.authorLabel}</strong> ·{' '}
            <time dateTime={m.at.toISOString()}>{ctx.format.dateTime(m.at)}</time>
            {m.staffOnly ? (
              <>
                {' '}
                · <em>{ctx.t('initiatives.desk.staffOnly')}</em>
              </>
            ) : null}
          </p>
          <Paragraphs text={m.body} />
        </li>
      ))}
    </ol>
  );
}

/** A photo's source, description and stored size (width and height keep the page from jumping as it loads). */
export interface PhotoView {
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
}

/** Photos of an initiative, each with the description its initiator gave. */
export function Photos(props: { photos: readonly PhotoView[]; lazy?: boolean }) {
  return (
    <div class="bk-photos">
      {props.photos.map((p) => (
        <img
          class="bk-photo"
          src={p.src}
          alt={p.alt}
          key={p.src}
          width={p.width ?? undefined}
          height={p.height ?? undefined}
          loading={props.lazy ? 'lazy' : undefined}
        />
      ))}
    </div>
  );
}

/** The paragraphs of a text typed by a person, kept as they wrote them. */
export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n{2,}/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => (
          <p class="utrecht-paragraph bk-pre-line" key={i}>
            {p}
          </p>
        ))}
    </>
  );
}
