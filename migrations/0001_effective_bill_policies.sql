-- Where machine results and staff decisions meet: one row per bill and policy as the
-- public sees it. Staff decisions win (a rejection hides the machine's call, an added
-- policy appears without one), so the API, the rollup and the pages read this view and
-- never merge the two tables themselves. Written as a UNION ALL rather than a FULL JOIN so
-- a filter on bill_id reaches the primary-key indexes of both tables.
CREATE VIEW "bill_policy_effective" AS
SELECT
  bp.bill_id,
  bp.policy_id,
  coalesce(d.stance, bp.stance) AS stance,
  d.strength AS strength,
  bp.score AS score,
  CASE WHEN d.decision IS NULL THEN 'machine' ELSE 'staff' END AS source,
  d.decision AS decision,
  d.needs_review AS needs_review,
  bp.evidence AS evidence
FROM bill_policies bp
LEFT JOIN policy_decisions d ON d.bill_id = bp.bill_id AND d.policy_id = bp.policy_id
WHERE d.decision IS DISTINCT FROM 'reject'
UNION ALL
SELECT
  d.bill_id,
  d.policy_id,
  coalesce(d.stance, 'unclear') AS stance,
  d.strength AS strength,
  NULL::real AS score,
  'staff' AS source,
  d.decision AS decision,
  d.needs_review AS needs_review,
  '[]'::jsonb AS evidence
FROM policy_decisions d
WHERE d.decision <> 'reject'
  AND NOT EXISTS (SELECT 1 FROM bill_policies bp WHERE bp.bill_id = d.bill_id AND bp.policy_id = d.policy_id);
