/** Error pages: a 400 naming each bad parameter, 401/403/404, and a 500 that leaks nothing. */
import { html } from './html.js';
import { renderLayout, type Viewer } from './layout.js';

export type ErrorPageInput = {
  status: number;
  title: string;
  message: string;
  /** Bad parameters, each named with why. */
  details?: { parameter: string; message: string }[];
  viewer?: Viewer | null;
};

/** The whole error page. */
export function renderErrorPage(input: ErrorPageInput): string {
  const details = input.details?.length
    ? html`<ul class="error-details">${input.details.map((d) => html`<li><code>${d.parameter}</code>: ${d.message}</li>`)}</ul>`
    : html``;
  const main = html`<h1>${input.title}</h1>
<div class="notice error"><p>${input.message}</p>${details}</div>
<p><a href="/">Back to the map</a> · <a href="/search">Search bills</a></p>`;
  return renderLayout({ title: `${input.status} ${input.title}`, main, viewer: input.viewer });
}
