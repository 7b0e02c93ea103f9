DROP INDEX "bills_search_idx";--> statement-breakpoint
CREATE INDEX "bills_jurisdiction_order_idx" ON "bills" USING btree ("jurisdiction_id",coalesce("latest_action_on", '0001-01-01'::date) DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "bills_search_idx" ON "bills" USING gin ("search") WITH (fastupdate=false);