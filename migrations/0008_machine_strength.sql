ALTER TABLE "bill_policies" ADD COLUMN "strength" text;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "rules_edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "rules_edited_by" bigint;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_rules_edited_by_users_id_fk" FOREIGN KEY ("rules_edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_policies" ADD CONSTRAINT "bill_policies_strength_check" CHECK ("bill_policies"."strength" IN ('full', 'partial'));