CREATE TABLE "escalation_procedure_shares" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"person_id" uuid NOT NULL,
	"shared_by" uuid,
	"shared_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_procedure_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"published_by" uuid,
	"reviewed_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"support_area_id" uuid,
	"proposal_id" uuid,
	"template_key" text,
	"situation" text NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"expert_person_id" uuid,
	"it_point_person_id" uuid,
	"site_point_person_id" uuid,
	"site_point_contact_id" text,
	"sites" text[] DEFAULT '{}'::text[] NOT NULL,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"repeat_every_minutes" integer,
	"status_update_every_minutes" integer DEFAULT 30 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_note" text DEFAULT '' NOT NULL,
	"current_version" integer,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "escalation_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"support_area_id" uuid NOT NULL,
	"situation" text NOT NULL,
	"title" text NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"proposed_by" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_support_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"expert_person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "escalation_procedure_shares" ADD CONSTRAINT "escalation_procedure_shares_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_shares" ADD CONSTRAINT "escalation_procedure_shares_procedure_id_escalation_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."escalation_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_shares" ADD CONSTRAINT "escalation_procedure_shares_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_shares" ADD CONSTRAINT "escalation_procedure_shares_shared_by_people_id_fk" FOREIGN KEY ("shared_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_versions" ADD CONSTRAINT "escalation_procedure_versions_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_versions" ADD CONSTRAINT "escalation_procedure_versions_procedure_id_escalation_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."escalation_procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_versions" ADD CONSTRAINT "escalation_procedure_versions_published_by_people_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedure_versions" ADD CONSTRAINT "escalation_procedure_versions_reviewed_by_people_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_support_area_id_escalation_support_areas_id_fk" FOREIGN KEY ("support_area_id") REFERENCES "public"."escalation_support_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_proposal_id_escalation_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."escalation_proposals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_expert_person_id_people_id_fk" FOREIGN KEY ("expert_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_it_point_person_id_people_id_fk" FOREIGN KEY ("it_point_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_site_point_person_id_people_id_fk" FOREIGN KEY ("site_point_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_reviewed_by_people_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_procedures" ADD CONSTRAINT "escalation_procedures_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_proposals" ADD CONSTRAINT "escalation_proposals_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_proposals" ADD CONSTRAINT "escalation_proposals_support_area_id_escalation_support_areas_id_fk" FOREIGN KEY ("support_area_id") REFERENCES "public"."escalation_support_areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_proposals" ADD CONSTRAINT "escalation_proposals_proposed_by_people_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_proposals" ADD CONSTRAINT "escalation_proposals_decided_by_people_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_support_areas" ADD CONSTRAINT "escalation_support_areas_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_support_areas" ADD CONSTRAINT "escalation_support_areas_expert_person_id_people_id_fk" FOREIGN KEY ("expert_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "escalation_procedure_shares_procedure_idx" ON "escalation_procedure_shares" USING btree ("procedure_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_procedure_versions_unique" ON "escalation_procedure_versions" USING btree ("procedure_id","version");--> statement-breakpoint
CREATE INDEX "escalation_procedure_versions_org_idx" ON "escalation_procedure_versions" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "escalation_procedures_org_status_idx" ON "escalation_procedures" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "escalation_procedures_expert_idx" ON "escalation_procedures" USING btree ("expert_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_procedures_proposal_unique" ON "escalation_procedures" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "escalation_proposals_org_status_idx" ON "escalation_proposals" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "escalation_proposals_area_idx" ON "escalation_proposals" USING btree ("support_area_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_support_areas_org_name_unique" ON "escalation_support_areas" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "escalation_support_areas_expert_idx" ON "escalation_support_areas" USING btree ("expert_person_id");