CREATE TABLE "rollup_items" (
	"bill_id" bigint NOT NULL,
	"policy_id" text NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"stance" text NOT NULL,
	"status" text NOT NULL,
	"strength" text,
	CONSTRAINT "rollup_items_bill_id_policy_id_pk" PRIMARY KEY("bill_id","policy_id"),
	CONSTRAINT "rollup_items_stance_check" CHECK ("rollup_items"."stance" IN ('supports', 'opposes', 'unclear')),
	CONSTRAINT "rollup_items_status_check" CHECK ("rollup_items"."status" IN ('pending', 'enacted', 'vetoed', 'failed', 'withdrawn', 'overturned')),
	CONSTRAINT "rollup_items_strength_check" CHECK ("rollup_items"."strength" IN ('full', 'partial'))
);
--> statement-breakpoint
CREATE TABLE "rollup_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bill_sources" ADD COLUMN "record_hash" text;--> statement-breakpoint
ALTER TABLE "jurisdiction_policy_status" ADD COLUMN "bill_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdiction_policy_status" ADD COLUMN "threat_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_items" ADD CONSTRAINT "rollup_items_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollup_items_cell_idx" ON "rollup_items" USING btree ("jurisdiction_id","policy_id","stance","status","strength","bill_id");--> statement-breakpoint
CREATE INDEX "rollup_items_policy_idx" ON "rollup_items" USING btree ("policy_id","stance","bill_id");