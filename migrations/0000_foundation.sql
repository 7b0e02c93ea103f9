CREATE TABLE "jurisdictions" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"classification" text NOT NULL,
	"state_code" text,
	"fips" text,
	"parent_id" text,
	"legislature" text,
	"latitude" double precision,
	"longitude" double precision,
	"timezone" text,
	"platform" text,
	"client" text,
	"coverage" text DEFAULT 'not_scraped' NOT NULL,
	"url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legislative_sessions" (
	"jurisdiction_id" text NOT NULL,
	"identifier" text NOT NULL,
	"name" text NOT NULL,
	"classification" text,
	"start_date" date,
	"end_date" date,
	"active" boolean,
	CONSTRAINT "legislative_sessions_jurisdiction_id_identifier_pk" PRIMARY KEY("jurisdiction_id","identifier")
);
--> statement-breakpoint
CREATE TABLE "actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"date" date,
	"description" text NOT NULL,
	"actor" text,
	"actor_classification" text,
	"source_classification" text[] DEFAULT '{}'::text[] NOT NULL,
	"classification" text[] DEFAULT '{}'::text[] NOT NULL,
	"passed" boolean
);
--> statement-breakpoint
CREATE TABLE "bill_sources" (
	"bill_id" bigint NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL,
	"url" text,
	"content_hash" text NOT NULL,
	"latest_action_on" date,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"jurisdiction_id" text NOT NULL,
	"session" text NOT NULL,
	"identifier" text NOT NULL,
	"title" text NOT NULL,
	"abstract" text,
	"other_titles" text[] DEFAULT '{}'::text[] NOT NULL,
	"classification" text DEFAULT 'bill' NOT NULL,
	"subjects" text[] DEFAULT '{}'::text[] NOT NULL,
	"chamber" text,
	"stage" text DEFAULT 'introduced' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"introduced_on" date,
	"latest_action_on" date,
	"latest_action_description" text,
	"status_changed_on" date,
	"enactment_number" text,
	"source_url" text,
	"primary_source" text NOT NULL,
	"content_hash" text NOT NULL,
	"extras" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce(identifier, '') || ' ' || coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(abstract, '')), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"position" integer NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"date" date,
	"classification" text,
	"url" text NOT NULL,
	"media_type" text
);
--> statement-breakpoint
CREATE TABLE "sponsors" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"classification" text,
	"primary" boolean DEFAULT false NOT NULL,
	"person_id" text
);
--> statement-breakpoint
CREATE TABLE "status_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"action_date" date,
	"action_description" text,
	"run_id" bigint,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bill_policies" (
	"bill_id" bigint NOT NULL,
	"policy_id" text NOT NULL,
	"score" real NOT NULL,
	"stance" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"classified_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_policies_bill_id_policy_id_pk" PRIMARY KEY("bill_id","policy_id")
);
--> statement-breakpoint
CREATE TABLE "curated_laws" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"seed_key" text,
	"jurisdiction_id" text NOT NULL,
	"policy_id" text NOT NULL,
	"stance" text DEFAULT 'supports' NOT NULL,
	"strength" text,
	"kind" text DEFAULT 'ordinance' NOT NULL,
	"title" text NOT NULL,
	"identifier" text,
	"body" text,
	"adopted_on" date,
	"effective_on" date,
	"voided_on" date,
	"outcome" text NOT NULL,
	"summary" text,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"verification" text,
	"note" text,
	"bill_id" bigint,
	"edited_by" bigint,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jurisdiction_policy_status" (
	"jurisdiction_id" text NOT NULL,
	"policy_id" text NOT NULL,
	"status" text NOT NULL,
	"strength" text,
	"bill_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"curated_law_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"threat_bill_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "jurisdiction_policy_status_jurisdiction_id_policy_id_pk" PRIMARY KEY("jurisdiction_id","policy_id")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"summary" text NOT NULL,
	"principles" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rules" jsonb NOT NULL,
	"colors" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_decisions" (
	"bill_id" bigint NOT NULL,
	"policy_id" text NOT NULL,
	"decision" text NOT NULL,
	"stance" text,
	"strength" text,
	"note" text,
	"bill_hash" text,
	"needs_review" text,
	"decided_by" bigint,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_decisions_bill_id_policy_id_pk" PRIMARY KEY("bill_id","policy_id")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"csrf_token" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'staff' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "api_quota_usage" (
	"key_id" text NOT NULL,
	"day" date NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"last_request_at" timestamp with time zone,
	CONSTRAINT "api_quota_usage_key_id_day_pk" PRIMARY KEY("key_id","day")
);
--> statement-breakpoint
CREATE TABLE "run_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"fire_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrape_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"kind" text NOT NULL,
	"trigger" text DEFAULT 'cli' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text DEFAULT 'running' NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"fetched" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cursor_before" jsonb,
	"cursor_after" jsonb,
	"flag" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"jurisdiction_id" text,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"schedule" text,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"cursor" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"watch_id" bigint NOT NULL,
	"status_change_id" bigint,
	"event_key" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "watches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" bigint NOT NULL,
	"bill_id" bigint,
	"policy_id" text,
	"jurisdiction_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"secret" text,
	"feed_token" text,
	"unsubscribe_token" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "legislative_sessions" ADD CONSTRAINT "legislative_sessions_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_sources" ADD CONSTRAINT "bill_sources_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsors" ADD CONSTRAINT "sponsors_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_policies" ADD CONSTRAINT "bill_policies_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_policies" ADD CONSTRAINT "bill_policies_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdiction_policy_status" ADD CONSTRAINT "jurisdiction_policy_status_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jurisdiction_policy_status" ADD CONSTRAINT "jurisdiction_policy_status_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_decisions" ADD CONSTRAINT "policy_decisions_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_decisions" ADD CONSTRAINT "policy_decisions_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_decisions" ADD CONSTRAINT "policy_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_jurisdiction_id_jurisdictions_id_fk" FOREIGN KEY ("jurisdiction_id") REFERENCES "public"."jurisdictions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_watch_id_watches_id_fk" FOREIGN KEY ("watch_id") REFERENCES "public"."watches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_status_change_id_status_changes_id_fk" FOREIGN KEY ("status_change_id") REFERENCES "public"."status_changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "watches" ADD CONSTRAINT "watches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jurisdictions_classification_state_idx" ON "jurisdictions" USING btree ("classification","state_code");--> statement-breakpoint
CREATE UNIQUE INDEX "actions_bill_position" ON "actions" USING btree ("bill_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "bill_sources_identity" ON "bill_sources" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "bill_sources_bill_idx" ON "bill_sources" USING btree ("bill_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_natural_key" ON "bills" USING btree ("jurisdiction_id","session","identifier");--> statement-breakpoint
CREATE INDEX "bills_stage_status_idx" ON "bills" USING btree ("stage","status");--> statement-breakpoint
CREATE INDEX "bills_updated_idx" ON "bills" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "bills_latest_action_idx" ON "bills" USING btree ("latest_action_on");--> statement-breakpoint
CREATE INDEX "bills_search_idx" ON "bills" USING gin ("search");--> statement-breakpoint
CREATE INDEX "documents_bill_idx" ON "documents" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "sponsors_bill_idx" ON "sponsors" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "sponsors_name_idx" ON "sponsors" USING btree ("name");--> statement-breakpoint
CREATE INDEX "status_changes_changed_idx" ON "status_changes" USING btree ("changed_at","id");--> statement-breakpoint
CREATE INDEX "status_changes_bill_idx" ON "status_changes" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "bill_policies_policy_idx" ON "bill_policies" USING btree ("policy_id","stance");--> statement-breakpoint
CREATE UNIQUE INDEX "curated_laws_seed_key" ON "curated_laws" USING btree ("seed_key");--> statement-breakpoint
CREATE INDEX "curated_laws_jurisdiction_policy_idx" ON "curated_laws" USING btree ("jurisdiction_id","policy_id");--> statement-breakpoint
CREATE INDEX "jps_policy_status_idx" ON "jurisdiction_policy_status" USING btree ("policy_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "scrape_runs_source_started_idx" ON "scrape_runs" USING btree ("source_id","started_at");--> statement-breakpoint
CREATE INDEX "scrape_runs_running_idx" ON "scrape_runs" USING btree ("source_id") WHERE outcome = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_once" ON "notifications" USING btree ("watch_id","event_key");--> statement-breakpoint
CREATE INDEX "notifications_due_idx" ON "notifications" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "watches_user_idx" ON "watches" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "watches_unsubscribe_token" ON "watches" USING btree ("unsubscribe_token");--> statement-breakpoint
CREATE INDEX "watches_feed_token_idx" ON "watches" USING btree ("feed_token");