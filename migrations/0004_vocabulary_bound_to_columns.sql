ALTER TABLE "jurisdictions" ADD CONSTRAINT "jurisdictions_classification_check" CHECK ("jurisdictions"."classification" IN ('state', 'municipality', 'county', 'school_district'));--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_actor_classification_check" CHECK ("actions"."actor_classification" IN ('lower', 'upper', 'legislature', 'executive', 'committee', 'council', 'mayor', 'voters', 'court', 'other'));--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_stage_check" CHECK ("bills"."stage" IN ('introduced', 'committee', 'passed_one_chamber', 'passed_legislature', 'enacted'));--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_status_check" CHECK ("bills"."status" IN ('pending', 'enacted', 'vetoed', 'failed', 'withdrawn', 'overturned'));--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_from_stage_check" CHECK ("status_changes"."from_stage" IN ('introduced', 'committee', 'passed_one_chamber', 'passed_legislature', 'enacted'));--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_to_stage_check" CHECK ("status_changes"."to_stage" IN ('introduced', 'committee', 'passed_one_chamber', 'passed_legislature', 'enacted'));--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_from_status_check" CHECK ("status_changes"."from_status" IN ('pending', 'enacted', 'vetoed', 'failed', 'withdrawn', 'overturned'));--> statement-breakpoint
ALTER TABLE "status_changes" ADD CONSTRAINT "status_changes_to_status_check" CHECK ("status_changes"."to_status" IN ('pending', 'enacted', 'vetoed', 'failed', 'withdrawn', 'overturned'));--> statement-breakpoint
ALTER TABLE "bill_policies" ADD CONSTRAINT "bill_policies_stance_check" CHECK ("bill_policies"."stance" IN ('supports', 'opposes', 'unclear'));--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_stance_check" CHECK ("curated_laws"."stance" IN ('supports', 'opposes', 'unclear'));--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_strength_check" CHECK ("curated_laws"."strength" IN ('full', 'partial'));--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_kind_check" CHECK ("curated_laws"."kind" IN ('ordinance', 'statute', 'ballot-measure', 'budget', 'contract', 'resolution', 'court-ruling'));--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_outcome_check" CHECK ("curated_laws"."outcome" IN ('enacted', 'pending', 'failed', 'overturned'));--> statement-breakpoint
ALTER TABLE "curated_laws" ADD CONSTRAINT "curated_laws_verification_check" CHECK ("curated_laws"."verification" IN ('VERIFIED', 'PARTIAL'));--> statement-breakpoint
ALTER TABLE "jurisdiction_policy_status" ADD CONSTRAINT "jps_status_check" CHECK ("jurisdiction_policy_status"."status" IN ('enacted', 'pending', 'failed', 'none', 'overturned'));--> statement-breakpoint
ALTER TABLE "jurisdiction_policy_status" ADD CONSTRAINT "jps_strength_check" CHECK ("jurisdiction_policy_status"."strength" IN ('full', 'partial'));--> statement-breakpoint
ALTER TABLE "policy_decisions" ADD CONSTRAINT "policy_decisions_decision_check" CHECK ("policy_decisions"."decision" IN ('confirm', 'reject', 'add'));--> statement-breakpoint
ALTER TABLE "policy_decisions" ADD CONSTRAINT "policy_decisions_stance_check" CHECK ("policy_decisions"."stance" IN ('supports', 'opposes', 'unclear'));--> statement-breakpoint
ALTER TABLE "policy_decisions" ADD CONSTRAINT "policy_decisions_strength_check" CHECK ("policy_decisions"."strength" IN ('full', 'partial'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" IN ('staff', 'admin'));--> statement-breakpoint
ALTER TABLE "scrape_runs" ADD CONSTRAINT "scrape_runs_outcome_check" CHECK ("scrape_runs"."outcome" IN ('running', 'ok', 'partial', 'failed'));--> statement-breakpoint
ALTER TABLE "scrape_runs" ADD CONSTRAINT "scrape_runs_flag_check" CHECK ("scrape_runs"."flag" IN ('probable-site-change', 'failing'));--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_state_check" CHECK ("notifications"."state" IN ('pending', 'claimed', 'sent', 'failed', 'cursor'));--> statement-breakpoint
ALTER TABLE "watches" ADD CONSTRAINT "watches_channel_check" CHECK ("watches"."channel" IN ('email', 'email-digest', 'webhook'));--> statement-breakpoint
ALTER TABLE "adoption_scores" ADD CONSTRAINT "adoption_scores_adoption_check" CHECK ("adoption_scores"."adoption" IN ('full', 'partial', 'none'));--> statement-breakpoint
ALTER TABLE "adoption_scores" ADD CONSTRAINT "adoption_scores_stance_check" CHECK ("adoption_scores"."stance" IN ('supports', 'opposes', 'unclear'));--> statement-breakpoint
ALTER TABLE "bill_texts" ADD CONSTRAINT "bill_texts_format_check" CHECK ("bill_texts"."format" IN ('pdf', 'ca-caml', 'va-statedecoded', 'va-lexis', 'ny-markdown', 'ny-lbdc', 'html', 'plain'));--> statement-breakpoint
ALTER TABLE "provision_overrides" ADD CONSTRAINT "provision_overrides_outcome_check" CHECK ("provision_overrides"."outcome" IN ('adopted', 'weaker', 'mentioned', 'absent', 'repealed', 'contradicted'));