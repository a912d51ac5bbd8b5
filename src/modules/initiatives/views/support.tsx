import type { PageContext } from '../../../web/page.js';
import type { PublicContext } from '../../../web/views/fragment.js';
import { Section } from '../../../web/views/page-parts.js';
import type { SupportSummary } from '../initiative-support.js';
import { Fact } from './parts.js';

/** The support's figures as the texts fill them in: amounts, days in words, households counted. */
function wordsOf(ctx: PublicContext, s: SupportSummary) {
  return {
    given: ctx.format.euros(s.givenCents) + matchedPart(ctx, s),
    goal: ctx.format.euros(s.goalCents),
    households: ctx.t(`initiatives.support.household.${s.households === 1 ? 'one' : 'other'}`, {
      count: s.households,
    }),
    deadline: ctx.format.date(s.deadline),
    date: s.endedOn ? ctx.format.date(s.endedOn) : '',
  };
}

/** "waarvan € 40 uit het wijkbudget": the part of what was given that match funding added. */
function matchedPart(ctx: PublicContext, s: SupportSummary): string {
  return s.matchedCents > 0
    ? ` (${ctx.t('initiatives.support.matchedPart', { matched: ctx.format.euros(s.matchedCents) })})`
    : '';
}

/**
 * Progress towards the goal for the eye; its text (the element `labelledBy`) says the same in
 * words, so the bar is never the only carrier of the figures.
 */
function GoalProgress(props: { support: SupportSummary; labelledBy: string }) {
  const { goalCents, givenCents } = props.support;
  return (
    <progress
      class="bk-progress"
      max={goalCents}
      value={Math.min(givenCents, goalCents)}
      aria-labelledby={props.labelledBy}
    />
  );
}

/**
 * The support in brief, for a list or a place page: "€ 60 van € 150 · 6 huishoudens · nog tot
 * 31 december 2026" with a progress bar, or how it ended; nothing without a support goal.
 */
export function SupportBrief(props: { ctx: PublicContext; support: SupportSummary | undefined; id: string }) {
  const { ctx, support: s } = props;
  if (!s) return null;
  const words = wordsOf(ctx, s);
  if (s.state === 'funded')
    return <p class="utrecht-paragraph">{ctx.t('initiatives.support.briefFunded', words)}</p>;
  if (s.state === 'not_funded')
    return <p class="utrecht-paragraph">{ctx.t('initiatives.support.briefNotFunded', words)}</p>;
  const when = s.acceptsPledges
    ? ctx.t('initiatives.support.until', { date: words.deadline })
    : ctx.t('initiatives.support.closedForGiving');
  return (
    <div class="bk-support">
      <p class="utrecht-paragraph" id={props.id}>
        {ctx.t('initiatives.support.brief', { ...words, when })}
      </p>
      <GoalProgress support={s} labelledBy={props.id} />
    </div>
  );
}

/**
 * The initiative page's section on household-budget support: open, its goal, what was given by
 * how many households, the deadline and the way to give; ended, how it ended.
 */
export function SupportSection(props: { ctx: PageContext; support: SupportSummary; giveHref: string }) {
  const { ctx, support: s } = props;
  const { t } = ctx;
  const words = wordsOf(ctx, s);
  return (
    <Section id="support" heading={t('initiatives.support.title')}>
      {s.state === 'funded' ? (
        <p class="utrecht-paragraph">{t('initiatives.support.funded', words)}</p>
      ) : s.state === 'not_funded' ? (
        <p class="utrecht-paragraph">{t('initiatives.support.notFunded', words)}</p>
      ) : (
        <>
          <p class="utrecht-paragraph">{t('initiatives.support.intro')}</p>
          <dl class="utrecht-data-list utrecht-data-list--rows">
            <Fact label={t('initiatives.support.goal')}>{words.goal}</Fact>
            <Fact label={t('initiatives.support.given')}>{words.given}</Fact>
            {s.matchedCents > 0 ? (
              <Fact label={t('initiatives.support.matched')}>{ctx.format.euros(s.matchedCents)}</Fact>
            ) : null}
            <Fact label={t('initiatives.support.households')}>{words.households}</Fact>
            <Fact label={t('initiatives.support.deadline')}>{words.deadline}</Fact>
          </dl>
          <p class="utrecht-paragraph" id="support-progress">
            {t('initiatives.support.progress', words)}
          </p>
          <GoalProgress support={s} labelledBy="support-progress" />
          {s.acceptsPledges ? (
            <>
              <p class="utrecht-paragraph">
                <a
                  class="utrecht-link utrecht-button-link utrecht-button-link--primary-action"
                  href={props.giveHref}
                >
                  {t('initiatives.support.give')}
                </a>
              </p>
              <p class="utrecht-paragraph">{t('initiatives.support.giveNote')}</p>
            </>
          ) : null}
        </>
      )}
    </Section>
  );
}
