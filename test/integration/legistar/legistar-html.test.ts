import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpClient } from '../../../scrapers/kit/http-client.js';
import { fetchLegistarHtmlBills, type LegistarHtmlItem } from '../../../scrapers/legistar/html/legistar-html.adapter.js';
import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { readReference } from '../../helpers/reference.js';

/** Serves the recorded Chicago LegislationDetail page, a page whose layout changed, and a 404. */
const detail = readReference('pages', 'chicago', 'legistar-LegislationDetail-R2012-1118.html');
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url?.startsWith('/LegislationDetail.aspx?ID=1255978')) return res.end(detail);
    if (req.url?.startsWith('/LegislationDetail.aspx?ID=2')) return res.end(detail.replaceAll('gridLegislation_ctl00', 'gridHistory_ctl00'));
    res.statusCode = 404;
    res.end('<html><body>The resource cannot be found.</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('detail pages become bills; a changed layout and a missing page are reported with their URLs', async () => {
  const urls = [
    `${base}/LegislationDetail.aspx?ID=1255978&GUID=8051C1E6-DED6-433B-AC9A-0FE436051C9F`,
    `${base}/LegislationDetail.aspx?ID=2&GUID=X`,
    `${base}/LegislationDetail.aspx?ID=3&GUID=Y`,
  ];
  const items: LegistarHtmlItem[] = [];
  const httpClient = new HttpClient({ minIntervalMs: 0, maxAttempts: 1 });
  for await (const item of fetchLegistarHtmlBills(urls, { client: 'chicago', jurisdictionId: 'ocd-jurisdiction/country:us/state:il/place:chicago/government' }, httpClient)) items.push(item);
  expect(items).toHaveLength(3);
  const bill = normalizedBillSchema.parse(items[0]);
  expect(bill).toMatchObject({ identifier: 'R2012-1118', externalId: '1255978', statusHints: ['Adopted'], sourceUrl: urls[0] });
  expect(items[1]).toMatchObject({ error: { code: 'layout_changed', url: urls[1] } });
  expect((items[1] as { error: Error }).error.message).toContain('gridLegislation_ctl00');
  expect(items[2]).toMatchObject({ error: { code: 'http_status', status: 404, url: urls[2] } });
  expect(httpClient.requests).toBe(3);
});
