CREATE TABLE "votes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bill_id" bigint NOT NULL,
	"position" integer NOT NULL,
	"date" date,
	"motion" text NOT NULL,
	"result" text,
	"organization" text,
	"chamber" text,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"voters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source_id" text,
	CONSTRAINT "votes_result_check" CHECK ("votes"."result" IN ('pass', 'fail')),
	CONSTRAINT "votes_chamber_check" CHECK ("votes"."chamber" IN ('lower', 'upper', 'legislature', 'executive', 'committee', 'council', 'mayor', 'voters', 'court', 'other'))
);
--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "votes_bill_position" ON "votes" USING btree ("bill_id","position");