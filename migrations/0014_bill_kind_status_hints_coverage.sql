CREATE TABLE "jurisdiction_coverage" (
	"jurisdiction_id" text NOT NULL,
	"source_id" text NOT NULL,
	"first_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_id" bigint,
	CONSTRAINT "jurisdiction_coverage_jurisdiction_id_source_id_pk" PRIMARY KEY("jurisdiction_id","source_id")
);
--> statement-breakpoint
ALTER TABLE "bills" DROP CONSTRAINT "bills_status_check";--> statement-breakpoint
ALTER TABLE "status_changes" DROP CONSTRAINT "status_changes_from_status_check";--> statement-breakpoint
ALTER TABLE "status_changes" DROP CONSTRAINT "status_changes_to_status_check";--> statement-breakpoint
ALTER TABLE "rollup_items" DROP CONSTRAINT "rollup_items_status_check";--> statement-breakpoint
DROP INDEX "rollup_items_cell_idx";--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "kind" text DEFAULT 'bill' NOT NULL;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "status_hints" text[];--> statement-breakpoint
ALTER TABLE "rollup_items" ADD COLUMN "law" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "jurisdiction_coverage" ADD CONSTRAINT "jurisdiction_coverage_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rollup_items_cell_idx" ON "rollup_items" USING btree ("jurisdiction_id","policy_id","stance","status","strength","bill_id") WHERE law;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_kind_check" CHECK ("bills"."kind" IN ('bill', 'ordinance', 'budget', 'ballot-measure', 'constitutional-amendment', 'resolution', 'joint-resolution', 'concurrent-resolution', 'memorial', 'appointment', 'other'));--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_status_check" CHECK ("bills"."status" IN ('pending', 'enacted', 'adopted', 'vetoed', 'failed', 'withdrawn', 'overturned'));--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_from_status_check" CHECK ("status_changes"."from_status" IN ('pending', 'enacted', 'adopted', 'vetoed', 'failed', 'withdrawn', 'overturned'));--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_to_status_check" CHECK ("status_changes"."to_status" IN ('pending', 'enacted', 'adopted', 'vetoed', 'failed', 'withdrawn', 'overturned'));--> statement-breakpoint
ALTER TABLE "rollup_items" ADD CONSTRAINT "rollup_items_status_check" CHECK ("rollup_items"."status" IN ('pending', 'enacted', 'adopted', 'vetoed', 'failed', 'withdrawn', 'overturned'));