-- Fills the rollup's narrow input table from what is stored (the effective classification
-- of every bill with its jurisdiction and status), and turns each stored cell's id arrays
-- into counts plus the newest 25 references.
INSERT INTO "rollup_items" ("bill_id", "policy_id", "jurisdiction_id", "stance", "status", "strength")
SELECT e.bill_id, e.policy_id, b.jurisdiction_id, e.stance, b.status, e.strength
FROM bill_policy_effective e JOIN bills b ON b.id = e.bill_id
ON CONFLICT DO NOTHING;
--> statement-breakpoint
UPDATE "jurisdiction_policy_status" SET
  "bill_count" = cardinality("bill_ids"),
  "threat_count" = cardinality("threat_bill_ids"),
  "bill_ids" = ARRAY(SELECT x FROM unnest("bill_ids") AS x ORDER BY x DESC LIMIT 25),
  "threat_bill_ids" = ARRAY(SELECT x FROM unnest("threat_bill_ids") AS x ORDER BY x DESC LIMIT 25);
