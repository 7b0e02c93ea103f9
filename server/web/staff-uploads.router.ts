/**
 * Staff uploads through the running server: `/staff/imports` (a saved source file of any
 * import kind; its job page shows progress, then the run report) and `/staff/texts` (a
 * text for a bill or a curated law, by file or URL). The work is done by the upload port
 * cli/ hands the app; without it the page says uploads are unavailable.
 */
import { rm } from 'node:fs/promises';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { UploadControl } from '../uploads/upload-control.js';
import { AppError, ForbiddenError, NotFoundError, ServiceUnavailableError, ValidationError } from '../../core/errors.js';
import { renderImportJobPage, renderUploadsPage } from '../../web/pages/staff-uploads-page.js';
import { html } from '../../web/pages/html.js';
import { readMultipart, type MultipartForm } from './multipart-upload.js';
import { parseWebQuery, requireStaffPage, viewerOf } from './web-request.js';

const MAX_FILE_BYTES = 300 * 1_048_576;

/** The upload forms are multipart, so the CSRF token is checked here, after the fields are read. */
async function readStaffUpload(req: Request, limits: { maxFiles: number }): Promise<MultipartForm> {
  const form = await readMultipart(req, { maxFiles: limits.maxFiles, maxFileBytes: MAX_FILE_BYTES });
  if (!req.user?.csrfToken || form.fields._csrf !== req.user.csrfToken) {
    await rm(form.dir, { recursive: true, force: true });
    throw new ForbiddenError('missing or wrong CSRF token');
  }
  return form;
}

const idQuery = z.object({
  law: z.coerce.number({ message: 'law must be a law id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  bill: z.coerce.number({ message: 'bill must be a bill id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  attached: z.coerce.number({ message: 'attached must be a text id' }).int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  scored: z.coerce.number().int().min(0).max(1000).optional(),
  owner: z.enum(['bill', 'law']).optional(),
  owner_id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

export function staffUploadsRouter(uploads: () => UploadControl | null): Router {
  const router = Router();
  const control = () => {
    const u = uploads();
    if (!u) throw new ServiceUnavailableError('uploads are not available in this process');
    return u;
  };

  router.get('/staff/imports', requireStaffPage, (req, res) => {
    const q = parseWebQuery(idQuery, req.query);
    const u = uploads();
    const ownerHref = q.owner === 'bill' ? `/bills/${q.owner_id}#adoption` : q.owner === 'law' ? `/laws/${q.owner_id}` : null;
    const notice = q.attached
      ? html`<p>Text ${q.attached} attached; ${q.scored ?? 0} score(s) written.${ownerHref ? html` <a href="${ownerHref}">See the checklist</a>` : ''}</p>`
      : null;
    res.type('html').send(renderUploadsPage({ kinds: u ? u.kinds() : null, jobs: u ? u.jobs() : [], viewer: viewerOf(req)!, lawId: q.law ?? null, billId: q.bill ?? null, notice }));
  });

  router.post('/staff/imports', requireStaffPage, async (req, res) => {
    const u = control();
    const form = await readStaffUpload(req, { maxFiles: 20 });
    try {
      const job = await u.startImport({ kind: form.fields.kind ?? '', files: form.files, options: { session: form.fields.session?.trim() || undefined, client: form.fields.client?.trim() || undefined } });
      res.redirect(303, `/staff/imports/${job.id}`);
    } catch (error) {
      await rm(form.dir, { recursive: true, force: true });
      throw error;
    }
  });

  router.get('/staff/imports/:id', requireStaffPage, (req, res) => {
    const { id } = parseWebQuery(z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/, 'not an import id') }), req.params);
    const job = control().job(id);
    if (!job) throw new NotFoundError(`import ${id} (imports are kept while the server runs; every run is in Sources)`);
    res.type('html').send(renderImportJobPage({ job, viewer: viewerOf(req)! }));
  });

  router.post('/staff/texts', requireStaffPage, async (req, res) => {
    const u = control();
    const form = await readStaffUpload(req, { maxFiles: 1 });
    try {
      const owner = form.fields.owner === 'bill' ? 'bill' : form.fields.owner === 'law' ? 'law' : null;
      const id = /^\d{1,15}$/.test(form.fields.id ?? '') ? Number(form.fields.id) : null;
      const url = form.fields.url?.trim() || undefined;
      const problems: { parameter: string; message: string }[] = [];
      if (!owner) problems.push({ parameter: 'owner', message: 'choose bill or curated law' });
      if (!id) problems.push({ parameter: 'id', message: 'give the bill or law id (a number)' });
      if (url && !/^https?:\/\//i.test(url)) problems.push({ parameter: 'url', message: 'the URL must start with http:// or https://' });
      if (!form.files[0] && !url) problems.push({ parameter: 'file', message: 'choose a file or give the URL of the official text' });
      if (problems.length) throw new ValidationError('invalid text upload', problems);
      const result = await u
        .attachText({ owner: owner === 'bill' ? { billId: id! } : { curatedLawId: id! }, file: form.files[0], url: form.files[0] ? undefined : url, note: form.fields.note?.trim() || undefined })
        .catch((error: unknown) => {
          // A file that is not a readable text, or a URL that did not answer, is the uploader's to fix: a 400 saying why.
          if (error instanceof AppError) throw error;
          throw new ValidationError('the text could not be read', [{ parameter: form.files[0] ? 'file' : 'url', message: (error as Error).message }]);
        });
      res.redirect(303, `/staff/imports?attached=${result.textId}&scored=${result.scored}&owner=${owner}&owner_id=${id}`);
    } finally {
      await rm(form.dir, { recursive: true, force: true });
    }
  });

  return router;
}
