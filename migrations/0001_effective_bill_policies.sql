-- Where machine results and staff decisions meet: one row per bill and policy as the
-- public sees it. Staff decisions win (a rejection hides the machine's call, an added
-- policy appears without one), so the API, the rollup and the pages read this view and
-- never merge the two tables themselves.
CREATE VIEW "bill_policy_effective" AS
SELECT
  coalesce(bp.bill_id, d.bill_id) AS bill_id,
  coalesce(bp.policy_id, d.policy_id) AS policy_id,
  coalesce(d.stance, bp.stance, 'unclear') AS stance,
  d.strength AS strength,
  bp.score AS score,
  CASE WHEN d.decision IS NULL THEN 'machine' ELSE 'staff' END AS source,
  d.decision AS decision,
  d.needs_review AS needs_review,
  bp.evidence AS evidence
FROM bill_policies bp
FULL OUTER JOIN policy_decisions d ON d.bill_id = bp.bill_id AND d.policy_id = bp.policy_id
WHERE d.decision IS DISTINCT FROM 'reject';
