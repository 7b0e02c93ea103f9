CREATE TABLE "hearing_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint NOT NULL,
	"meeting_id" bigint NOT NULL,
	"noticed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"run_id" bigint
);
--> statement-breakpoint
CREATE TABLE "meeting_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"meeting_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"external_id" text,
	"number" text,
	"title" text NOT NULL,
	"section" text,
	"matter_file" text,
	"matter_external_id" text,
	"action" text,
	"result" text,
	"url" text,
	"bill_id" bigint
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"body" text NOT NULL,
	"name" text,
	"date" date NOT NULL,
	"time" text,
	"location" text,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"agenda_url" text,
	"minutes_url" text,
	"source_url" text,
	"matter_source" text,
	"content_hash" text NOT NULL,
	"run_id" bigint,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meetings_status_check" CHECK ("meetings"."status" IN ('scheduled', 'deferred', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "hearing_notices" ADD CONSTRAINT "hearing_notices_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hearing_notices" ADD CONSTRAINT "hearing_notices_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_items" ADD CONSTRAINT "meeting_items_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "hearing_notices_once" ON "hearing_notices" USING btree ("bill_id","meeting_id");--> statement-breakpoint
CREATE INDEX "hearing_notices_noticed_idx" ON "hearing_notices" USING btree ("noticed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_items_meeting_position" ON "meeting_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_items_bill_idx" ON "meeting_items" USING btree ("bill_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_identity" ON "meetings" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "meetings_jurisdiction_date_idx" ON "meetings" USING btree ("jurisdiction_id","date");