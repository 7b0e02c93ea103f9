-- Custom SQL migration file, put your code below! --
-- Bills stored before `kind` existed: derive it once, here, with the rules of
-- core/bill/bill-kind.ts as they stood when the column was added (the pipeline derives it for
-- every bill written from now on). A specific classification decides; `bill`, `other` or empty
-- let a non-bill identifier prefix decide (HR 807, HJ 5, HCR 2, R2012-1118, O-090-20).
UPDATE "bills" SET "kind" = CASE
  WHEN lower(trim(classification)) LIKE 'joint resolution%' OR lower(trim(classification)) LIKE 'joint res%' THEN 'joint-resolution'
  WHEN lower(trim(classification)) LIKE 'concurrent resolution%' THEN 'concurrent-resolution'
  WHEN lower(trim(classification)) NOT IN ('', 'bill', 'other') AND lower(classification) ~ '(resolution|commemoration)' THEN 'resolution'
  WHEN lower(trim(classification)) NOT IN ('', 'bill', 'other') AND lower(classification) ~ '(memorial|petition)' THEN 'memorial'
  WHEN lower(classification) ~ 'constitutional amendment' THEN 'constitutional-amendment'
  WHEN lower(trim(classification)) ~ '^(ballot measure|initiative|referendum|proposition)' THEN 'ballot-measure'
  WHEN lower(trim(classification)) ~ '^(appropriation|budget)' THEN 'budget'
  WHEN lower(trim(classification)) ~ '^(ordinance|local law)' THEN 'ordinance'
  WHEN lower(trim(classification)) ~ '^(nomination|appointment)' THEN 'appointment'
  WHEN lower(trim(classification)) IN ('', 'bill', 'other') AND upper(identifier) ~ '^[HSA]?J(R|RES)?\s*[0-9]' THEN 'joint-resolution'
  WHEN lower(trim(classification)) IN ('', 'bill', 'other') AND upper(identifier) ~ '^[HSA]C(R|RES)\s*[0-9]' THEN 'concurrent-resolution'
  WHEN lower(trim(classification)) IN ('', 'bill', 'other') AND upper(identifier) ~ '^([HSAL]R(ES)?\s*[0-9]|R-?[0-9])' THEN 'resolution'
  WHEN lower(trim(classification)) IN ('', 'bill', 'other') AND upper(identifier) ~ '^[HS]?[JC]?M\s*[0-9]' THEN 'memorial'
  WHEN lower(trim(classification)) IN ('', 'bill', 'other') AND upper(identifier) ~ '^S?O-?[0-9]' THEN 'ordinance'
  WHEN lower(trim(classification)) IN ('', 'bill', 'proposed bill') THEN 'bill'
  ELSE 'other'
END;
--> statement-breakpoint
-- Open States records (API and bulk) never carry status hints, so nothing was lost for them; other sources'
-- hints were not stored before this column existed (NULL: the time sweep leaves those bills
-- for their next import).
UPDATE "bills" SET "status_hints" = '{}' WHERE primary_source IN ('openstates', 'openstates-bulk');

--> statement-breakpoint
-- Rollup items of records that never become law (resolutions, memorials, appointments) stay
-- for search by policy, but the rollup no longer counts them (the cell index holds laws only).
-- Their cells are recomputed by `tracker rederive --all` (core's rules decide a cell; SQL here
-- cannot), which this upgrade asks for in the README.
UPDATE "rollup_items" ri SET "law" = false
FROM "bills" b
WHERE b.id = ri.bill_id AND b.kind NOT IN ('bill', 'ordinance', 'budget', 'ballot-measure', 'constitutional-amendment');
