import type { PageContext } from '../page.js';
import { Layout } from './layout.js';

/** The page for 404s and every other error: plain language, a way back, never a stack trace. */
export function ErrorPage(props: {
  ctx: PageContext;
  status: number;
  title: string;
  message: string;
  help?: string;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1 class="utrecht-heading-1">{props.title}</h1>
      <p class="utrecht-paragraph utrecht-paragraph--lead">{props.message}</p>
      {props.help ? <p class="utrecht-paragraph">{props.help}</p> : null}
      <p class="utrecht-paragraph">
        <a class="utrecht-link" href="/">
          {ctx.t('errors.toHome')}
        </a>
      </p>
      <p class="utrecht-paragraph utrecht-paragraph--small bk-muted">HTTP {props.status}</p>
    </Layout>
  );
}
