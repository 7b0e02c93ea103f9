CREATE TABLE "rollup_counts" (
	"jurisdiction_id" text NOT NULL,
	"policy_id" text NOT NULL,
	"stance" text NOT NULL,
	"status" text NOT NULL,
	"strength" text DEFAULT '' NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "rollup_counts_jurisdiction_id_policy_id_stance_status_strength_pk" PRIMARY KEY("jurisdiction_id","policy_id","stance","status","strength")
);
--> statement-breakpoint
DROP INDEX "rollup_items_cell_idx";--> statement-breakpoint
CREATE INDEX "bills_hints_missing_idx" ON "bills" USING btree ("id") WHERE "bills"."status_hints" IS NULL;--> statement-breakpoint
CREATE INDEX "rollup_items_cell_idx" ON "rollup_items" USING btree ("jurisdiction_id","policy_id","stance","status",coalesce("strength", ''),"bill_id") WHERE law;--> statement-breakpoint
-- The counts of the items stored so far, then triggers that keep them in the statement that
-- writes the items (every writer alike: the pipeline, staff decisions, re-derives, bulk SQL).
INSERT INTO "rollup_counts" ("jurisdiction_id", "policy_id", "stance", "status", "strength", "n")
SELECT "jurisdiction_id", "policy_id", "stance", "status", coalesce("strength", ''), count(*)::integer
FROM "rollup_items" WHERE "law" GROUP BY 1, 2, 3, 4, 5;--> statement-breakpoint
CREATE FUNCTION "rollup_counts_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Keys in one order in every writer, so two writers never wait on each other's rows crosswise.
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO rollup_counts AS c (jurisdiction_id, policy_id, stance, status, strength, n)
    SELECT jurisdiction_id, policy_id, stance, status, coalesce(strength, ''), count(*)::integer
    FROM added WHERE law GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (jurisdiction_id, policy_id, stance, status, strength) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    INSERT INTO rollup_counts AS c (jurisdiction_id, policy_id, stance, status, strength, n)
    SELECT jurisdiction_id, policy_id, stance, status, coalesce(strength, ''), -count(*)::integer
    FROM removed WHERE law GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (jurisdiction_id, policy_id, stance, status, strength) DO UPDATE SET n = c.n + excluded.n;
    DELETE FROM rollup_counts c
    USING (SELECT DISTINCT jurisdiction_id, policy_id, stance, status, coalesce(strength, '') AS strength FROM removed WHERE law) r
    WHERE c.jurisdiction_id = r.jurisdiction_id AND c.policy_id = r.policy_id AND c.stance = r.stance
      AND c.status = r.status AND c.strength = r.strength AND c.n <= 0;
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "rollup_items_counted_insert" AFTER INSERT ON "rollup_items"
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "rollup_counts_follow"();--> statement-breakpoint
CREATE TRIGGER "rollup_items_counted_delete" AFTER DELETE ON "rollup_items"
  REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION "rollup_counts_follow"();--> statement-breakpoint
CREATE TRIGGER "rollup_items_counted_update" AFTER UPDATE ON "rollup_items"
  REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION "rollup_counts_follow"();
