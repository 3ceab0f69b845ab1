CREATE TABLE "item_banks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bank_key" text NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"scenario_key" text NOT NULL,
	"title" text NOT NULL,
	"case_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "item_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"competency" text NOT NULL,
	"stem" text NOT NULL,
	"options" jsonb NOT NULL,
	"scenario_id" uuid,
	"scenario_key" text,
	"scenario_title" text,
	"case_text" text,
	"content_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"bank_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"scenario_id" uuid,
	"scenario_position" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source" text DEFAULT 'authored' NOT NULL,
	"kind" text NOT NULL,
	"competency" text NOT NULL,
	"stem" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"import_hash" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "item_banks" ADD CONSTRAINT "item_banks_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_scenarios" ADD CONSTRAINT "item_scenarios_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_scenarios" ADD CONSTRAINT "item_scenarios_bank_id_item_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."item_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_scenario_id_item_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."item_scenarios"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_versions" ADD CONSTRAINT "item_versions_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_bank_id_item_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."item_banks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_scenario_id_item_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."item_scenarios"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "item_banks_org_key_unique" ON "item_banks" USING btree ("org_id","bank_key");--> statement-breakpoint
CREATE UNIQUE INDEX "item_scenarios_org_key_unique" ON "item_scenarios" USING btree ("org_id","scenario_key");--> statement-breakpoint
CREATE INDEX "item_scenarios_bank_idx" ON "item_scenarios" USING btree ("bank_id");--> statement-breakpoint
CREATE UNIQUE INDEX "item_versions_item_version_unique" ON "item_versions" USING btree ("item_id","version");--> statement-breakpoint
CREATE INDEX "item_versions_org_idx" ON "item_versions" USING btree ("org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "items_org_key_unique" ON "items" USING btree ("org_id","item_key");--> statement-breakpoint
CREATE INDEX "items_bank_competency_idx" ON "items" USING btree ("bank_id","competency","status");--> statement-breakpoint
CREATE INDEX "items_scenario_idx" ON "items" USING btree ("scenario_id");