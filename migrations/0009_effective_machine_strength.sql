-- Custom SQL migration file, put your code below! --
-- The machine now gives a supporting bill a strength (a ban: full; a restriction: partial).
-- Where staff have set none, the effective strength is the machine's, so the rollup and the
-- API use it; a staff strength still wins. The machine's strength only means something for
-- the stance it was computed for, so it counts only while the effective stance is
-- "supports". `strength_source` says whose strength it is (staff, machine, or null).
CREATE OR REPLACE VIEW "bill_policy_effective" AS
SELECT
  bp.bill_id,
  bp.policy_id,
  coalesce(d.stance, bp.stance) AS stance,
  coalesce(d.strength, CASE WHEN coalesce(d.stance, bp.stance) = 'supports' THEN bp.strength END) AS strength,
  bp.score AS score,
  CASE WHEN d.decision IS NULL THEN 'machine' ELSE 'staff' END AS source,
  d.decision AS decision,
  d.needs_review AS needs_review,
  bp.evidence AS evidence,
  CASE WHEN d.strength IS NOT NULL THEN 'staff'
       WHEN coalesce(d.stance, bp.stance) = 'supports' AND bp.strength IS NOT NULL THEN 'machine' END AS strength_source
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
  '[]'::jsonb AS evidence,
  CASE WHEN d.strength IS NOT NULL THEN 'staff' END AS strength_source
FROM policy_decisions d
WHERE d.decision <> 'reject'
  AND NOT EXISTS (SELECT 1 FROM bill_policies bp WHERE bp.bill_id = d.bill_id AND bp.policy_id = d.policy_id);
