CREATE TABLE "adoption_scores" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"text_id" bigint NOT NULL,
	"model_id" text NOT NULL,
	"model_version" integer NOT NULL,
	"score" double precision NOT NULL,
	"threat_score" double precision NOT NULL,
	"adoption" text NOT NULL,
	"stance" text,
	"copy_score" double precision NOT NULL,
	"provisions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scored_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bill_texts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint,
	"curated_law_id" bigint,
	"document_id" bigint,
	"version_note" text DEFAULT '' NOT NULL,
	"version_url" text,
	"version_date" date,
	"version_position" integer,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	"media_type" text,
	"format" text NOT NULL,
	"hash" text NOT NULL,
	"text" text NOT NULL,
	"deleted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"operative_start" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "bill_texts_owner" CHECK (("bill_texts"."bill_id" IS NOT NULL) <> ("bill_texts"."curated_law_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "provision_overrides" (
	"bill_id" bigint NOT NULL,
	"model_id" text NOT NULL,
	"provision_id" text NOT NULL,
	"outcome" text NOT NULL,
	"note" text,
	"text_hash" text NOT NULL,
	"decided_by" bigint,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provision_overrides_bill_id_model_id_provision_id_pk" PRIMARY KEY("bill_id","model_id","provision_id")
);
--> statement-breakpoint
CREATE TABLE "text_sections" (
	"text_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"heading" text DEFAULT '' NOT NULL,
	"start_offset" integer NOT NULL,
	"end_offset" integer NOT NULL,
	"body" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (to_tsvector('english', body)) STORED,
	CONSTRAINT "text_sections_text_id_position_pk" PRIMARY KEY("text_id","position")
);
--> statement-breakpoint
ALTER TABLE "adoption_scores" ADD CONSTRAINT "adoption_scores_text_id_bill_texts_id_fk" FOREIGN KEY ("text_id") REFERENCES "public"."bill_texts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_texts" ADD CONSTRAINT "bill_texts_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_texts" ADD CONSTRAINT "bill_texts_curated_law_id_curated_laws_id_fk" FOREIGN KEY ("curated_law_id") REFERENCES "public"."curated_laws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_texts" ADD CONSTRAINT "bill_texts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_overrides" ADD CONSTRAINT "provision_overrides_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provision_overrides" ADD CONSTRAINT "provision_overrides_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "text_sections" ADD CONSTRAINT "text_sections_text_id_bill_texts_id_fk" FOREIGN KEY ("text_id") REFERENCES "public"."bill_texts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "adoption_scores_text_model" ON "adoption_scores" USING btree ("text_id","model_id","model_version");--> statement-breakpoint
CREATE INDEX "adoption_scores_model_idx" ON "adoption_scores" USING btree ("model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bill_texts_bill_hash" ON "bill_texts" USING btree ("bill_id","hash");--> statement-breakpoint
CREATE UNIQUE INDEX "bill_texts_law_hash" ON "bill_texts" USING btree ("curated_law_id","hash");--> statement-breakpoint
CREATE INDEX "text_sections_search_idx" ON "text_sections" USING gin ("search");