import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/reference.js';
import { classifyBill } from '../../../core/classify/classify-bill.js';
import { parsePolicies } from '../../../core/classify/policy.schema.js';
import { renderPolicyEvidence } from '../../../web/pages/policy-evidence.js';

const policies = parsePolicies(JSON.parse(readFileSync(path.join(repoRoot, 'db', 'seed', 'policies.json'), 'utf8')));
const match = (title: string, abstract: string | null = null) => classifyBill({ title, otherTitles: [], abstract, subjects: [] }, policies)[0];

describe('why the machine says it: the phrases behind stance and strength', () => {
  test('a ban: the topic, the direction words, and "an outright ban"', () => {
    const m = match('Search warrants; no-knock warrants prohibited.');
    const out = String(renderPolicyEvidence(m.evidence, { strength: m.strength, strengthSource: 'machine' }));
    expect(out).toContain('<dt>About it</dt>');
    expect(out).toContain('Search warrants; <mark>no-knock</mark> warrants prohibited. <span class="muted small">(title; topic: no-knock)</span>');
    expect(out).toContain('<dt>Which way it points</dt>');
    expect(out).toContain('<mark>prohibited</mark>. <span class="muted small">(title; for: ban, a ban)</span>');
    expect(out).toContain('<dt>Strength: full <span class="muted small">(set by the machine)</span></dt>');
    expect(out).toContain('An outright ban:');
  });

  test('a limited ban shows the exception that made it partial', () => {
    const m = match('Search warrants; no-knock warrants prohibited unless a judge finds a risk to life.');
    const out = String(renderPolicyEvidence(m.evidence, { strength: m.strength, strengthSource: 'machine' }));
    expect(m.strength).toBe('partial');
    expect(out).toContain('Partial because of an exception or condition:');
    expect(out).toContain('<mark>unless</mark>');
    expect(out).toContain('limiter: unless');
  });

  test('an opposing bill lists the words against, and a staff strength says so', () => {
    const m = match('Bail; caps the amount a charitable bail organization may pay.');
    const out = String(renderPolicyEvidence(m.evidence, { strength: null }));
    expect(m.stance).toBe('opposes');
    expect(out).toContain('against: regulate-funds');
    expect(out).not.toContain('Strength');
    const staff = String(renderPolicyEvidence(match('Search warrants; no-knock warrants restricted.').evidence, { strength: 'full', strengthSource: 'staff' }));
    expect(staff).toContain('<dt>Strength: full <span class="muted small">(set by staff)</span></dt>');
  });

  test('scraped words are escaped, and a policy staff added by hand shows no reasons', () => {
    const evil = [{ field: 'title', phrase: '<b>bail</b>', excerpt: 'x <b>bail</b> <script>alert(1)</script>', rule: 'topic:bail' }];
    const out = String(renderPolicyEvidence(evil, { strength: null }));
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    expect(String(renderPolicyEvidence([], { strength: null }))).toBe('');
  });
});
